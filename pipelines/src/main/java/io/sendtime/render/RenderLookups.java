package io.sendtime.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.model.ExchangeRates;
import io.sendtime.warehouse.SqlScript;

/**
 * The lookups a render resolved its recipients' contexts against (the render's products with price and stock as
 * refreshed, their prices per currency, the recorded exchange rates, the products bought together), published with
 * its export for open-time content: {@code exports/<campaign>/<send>/<render>/lookups/} holds
 * {@code products.parquet} (product_id, title, price_minor, currency, stock), {@code product_prices.parquet}
 * (product_id, currency, price_minor), {@code top_pairs.parquet} (product_id, other_product_id, orders_together),
 * {@code exchange_rates.parquet} (base, rate_date, currency, rate: text) and, written last, {@code lookups.json}
 * (format, campaign, send, render_at). Written into the render's directory before the send's {@code _current.json}
 * switches to it, so the pointer covers them; read by the server, which never opens the warehouse.
 */
final class RenderLookups {

    static final String DIR = "lookups";
    static final String MANIFEST = "lookups.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A render's published lookups, as read back. */
    record Published(String campaign, String send, String render, Instant renderAt, List<EmailMoney.Product> products,
                     Map<Long, Map<String, Long>> stated, ExchangeRates rates, List<Recommender.Pair> pairs) {}

    private RenderLookups() {}

    /** Writes the lookups of the render under way (its temp tables, sql/render/lookups.sql) into its export directory. */
    static void write(Handle h, Path exportDir, String campaignId, String sendId, Instant renderAt) {
        Path dir = exportDir.resolve(DIR);
        try {
            Files.createDirectories(dir);
            SqlScript.load("render/lookups.sql").run(h, Map.of(), Map.of(
                    "productsFile", dir.resolve("products.parquet").toString(),
                    "pricesFile", dir.resolve("product_prices.parquet").toString(),
                    "pairsFile", dir.resolve("top_pairs.parquet").toString(),
                    "ratesFile", dir.resolve("exchange_rates.parquet").toString()));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("campaign", campaignId);
            manifest.put("send", sendId);
            manifest.put("render_at", renderAt.toString());
            JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the render's lookups in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** When a render's lookups were made (its manifest's render_at); null when the render published none. */
    static Instant renderAt(Lake lake, org.apache.hadoop.fs.Path renderDir) throws IOException {
        JsonNode manifest = manifest(lake, renderDir);
        return manifest == null ? null : Instant.parse(manifest.path("render_at").asText());
    }

    /** Reads a render's lookups; null when it published none (a render from before they were published). */
    static Published read(Lake lake, org.apache.hadoop.fs.Path renderDir) throws IOException {
        JsonNode manifest = manifest(lake, renderDir);
        if (manifest == null) {
            return null;
        }
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IOException("unknown lookups format " + manifest.path("format") + " in " + renderDir);
        }
        ParquetFiles parquet = new ParquetFiles(lake);
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(renderDir, DIR);
        List<EmailMoney.Product> products = new ArrayList<>();
        parquet.read(new org.apache.hadoop.fs.Path(dir, "products.parquet"), null, r -> products.add(new EmailMoney.Product(
                (Long) r.get("product_id"), text(r, "title"), (Long) r.get("price_minor"), text(r, "currency"),
                r.get("stock") == null ? 0 : (Long) r.get("stock"))));
        Map<Long, Map<String, Long>> stated = new HashMap<>();
        parquet.read(new org.apache.hadoop.fs.Path(dir, "product_prices.parquet"), null, r -> stated
                .computeIfAbsent((Long) r.get("product_id"), id -> new HashMap<>())
                .put(text(r, "currency"), (Long) r.get("price_minor")));
        List<Recommender.Pair> pairs = new ArrayList<>();
        parquet.read(new org.apache.hadoop.fs.Path(dir, "top_pairs.parquet"), null, r -> pairs.add(new Recommender.Pair(
                (Long) r.get("product_id"), (Long) r.get("other_product_id"), (Long) r.get("orders_together"))));
        List<ExchangeRates.Rate> rates = new ArrayList<>();
        String[] base = {null};
        parquet.read(new org.apache.hadoop.fs.Path(dir, "exchange_rates.parquet"), null, r -> {
            base[0] = text(r, "base");
            rates.add(new ExchangeRates.Rate(LocalDate.parse(text(r, "rate_date")), text(r, "currency"),
                    ExchangeRates.plain(new BigDecimal(text(r, "rate")))));
        });
        // as RecordedRates.read: none recorded, quoted against the catalog's currency
        ExchangeRates exchangeRates = new ExchangeRates(
                base[0] == null ? EmailMoney.catalogCurrency(products, "USD") : base[0], rates);
        return new Published(manifest.path("campaign").asText(), manifest.path("send").asText(),
                renderDir.getName(), Instant.parse(manifest.path("render_at").asText()), List.copyOf(products),
                stated, exchangeRates, List.copyOf(pairs));
    }

    private static JsonNode manifest(Lake lake, org.apache.hadoop.fs.Path renderDir) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(renderDir, DIR), MANIFEST);
        if (!lake.fileSystem().exists(file)) {
            return null;
        }
        try (InputStream in = lake.fileSystem().open(file)) {
            return JSON.readTree(in);
        }
    }

    private static String text(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }
}
