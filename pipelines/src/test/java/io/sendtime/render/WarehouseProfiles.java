package io.sendtime.render;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.lake.ProfileLookup;
import io.sendtime.warehouse.Warehouse;

/**
 * Until the load publishes its profiles snapshot (branch {@code profiles}), the server's {@link ProfileLookup} for the
 * tests: every profile's template context built in a real warehouse by sql/render/recipients.sql (a campaign of
 * everyone that reads $recommendations, so what they bought is in it), written to a JSON-lines file while the
 * warehouse is open, then served from that file by the server ({@link Beans}, added with {@code spring.main.sources}),
 * which never opens the warehouse. Replace it by the real bean once that lands.
 */
final class WarehouseProfiles {

    static final String FILE_PROPERTY = "sendtime.test.profiles-file";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarehouseProfiles() {}

    /** The server's properties that serve {@code file} as its profiles. */
    static Map<String, Object> serverProperties(Path file) {
        return Map.of("spring.main.sources", Beans.class.getName(), FILE_PROPERTY, file.toString());
    }

    /** Writes every profile's context as of {@code asOf}, with the load that made it, to {@code file}. */
    static void write(Warehouse warehouse, Instant asOf, long loadId, Path scratch, Path file) throws Exception {
        Path templates = TestCampaigns.write(scratch, "everyone", """
                name: everyone
                channel: email
                tokens:
                  - {name: bought, template: bought.vm, fallback: none}
                """, Map.of("bought.vm", "#foreach($p in $recommendations)$p.title #end"));
        CompiledCampaign everyone = new CampaignCatalog(templates).compile("everyone");
        List<Map<String, Object>> rows = warehouse.read(h -> {
            RecipientSelection.variables(h, everyone, asOf, "profiles", loadId, null);
            RecipientSelection.select(h, everyone, List.of(), true);
            return h.createQuery("SELECT customer_key, email, context FROM render_recipients").mapToMap().list();
        });
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> line = new HashMap<>();
                line.put("customer_key", row.get("customer_key"));
                line.put("email_sha256", row.get("email") == null ? null : sha256(row.get("email").toString()));
                line.put("context", row.get("context").toString());
                line.put("load_id", loadId);
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            }
        }
    }

    static String sha256(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The profiles of a file {@link #write} wrote, by customer key and by email SHA-256. */
    static final class FileProfiles implements ProfileLookup {

        private final Map<String, ServedProfile> byId = new HashMap<>();

        FileProfiles(Path file) {
            try {
                for (String line : Files.readAllLines(file)) {
                    JsonNode n = JSON.readTree(line);
                    ServedProfile p = new ServedProfile(n.get("customer_key").asText(), null, n.get("context").asText(),
                            n.get("load_id").asLong());
                    byId.put(p.customerKey(), p);
                    if (!n.path("email_sha256").isNull()) {
                        byId.put(n.get("email_sha256").asText(), p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<ServedProfile> find(String recipient) {
            return Optional.ofNullable(byId.get(recipient));
        }
    }

    /**
     * The server's ProfileLookup bean, from {@value #FILE_PROPERTY}: a source of the server's application only (not a
     * {@code @Configuration}, which every test application's component scan would pick up).
     */
    static class Beans {

        @Bean
        ProfileLookup profileLookup(@Value("${" + FILE_PROPERTY + "}") Path file) {
            return new FileProfiles(file);
        }
    }
}
