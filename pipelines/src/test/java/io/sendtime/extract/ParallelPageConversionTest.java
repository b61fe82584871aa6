package io.sendtime.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.lake.QuarantineWriter.Rejected;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.source.EntityDefinition;

/**
 * Pages converted on several threads are exactly the pages one converter gives page after page: the same Avro
 * records, the same rejected records with the same reasons, the same counts and new fields, in page order; on the
 * sample orders with bad records, erased people, records outside the window and boundary duplicates mixed in.
 */
class ParallelPageConversionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EntityDefinition ORDERS = new EntityDefinition("/admin/api/2024-10/orders.json", "orders",
            "id", "updated_at", "updated_at_min", "updated_at_max", Map.of(), 7, null);
    private static final Schema SCHEMA = new RawSchemas().schema("commerce", "orders");
    /** Sample orders span 2024-01 .. 2026-10: the window leaves some out on both sides. */
    private static final ExtractWindow WINDOW = new ExtractWindow(Instant.parse("2024-02-01T00:00:00Z"),
            Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));
    /** Someone erased: every order of customer ids ending in 7 (a pure function: safe on every thread). */
    private static final Predicate<String> ERASED = id -> id.endsWith("7");

    @Test
    void severalThreadsGiveExactlyWhatOneThreadGivesPageAfterPage() throws IOException {
        List<JsonNode> records = sampleOrdersWithBadOnes();
        Set<String> boundary = boundaryOf(records);
        List<SourcePage> pages = pages(records, 7);
        Supplier<PageConverter> converters = () -> new PageConverter(ORDERS, new RecordConverter(SCHEMA), WINDOW,
                boundary, "run-1", ERASED);

        // the reference: one converter, page after page, as the job's processor did
        PageConverter one = converters.get();
        List<ConvertedPage> expected = new ArrayList<>();
        for (SourcePage page : pages) {
            expected.add(one.process(page));
        }
        List<ConvertedPage> inline;
        try (ParallelPageConversion conversion = new ParallelPageConversion(1, converters, "orders")) {
            inline = conversion.convert(pages);
        }
        List<ConvertedPage> parallel;
        try (ParallelPageConversion conversion = new ParallelPageConversion(4, converters, "orders")) {
            parallel = new ArrayList<>();
            // chunks of 5 pages, as the job hands them over, and the same pool for every chunk
            for (int i = 0; i < pages.size(); i += 5) {
                parallel.addAll(conversion.convert(pages.subList(i, Math.min(pages.size(), i + 5))));
            }
        }

        assertThat(inline).isEqualTo(expected);
        assertThat(parallel).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(parallel.get(i)).as("page %d", i + 1).isEqualTo(expected.get(i));
        }

        // and the data exercised every path: written, rejected for each reason, erased, outside, duplicate, drift
        List<String> reasons = expected.stream().flatMap(p -> p.rejected().stream()).map(Rejected::reason).toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("missing id"))
                .anyMatch(r -> r.startsWith("missing or unparseable cursor"))
                .anyMatch(r -> !r.startsWith("missing"));
        assertThat(expected.stream().mapToInt(p -> p.records().size()).sum()).isGreaterThan(100);
        assertThat(expected.stream().mapToInt(ConvertedPage::erased).sum()).isPositive();
        assertThat(expected.stream().mapToInt(ConvertedPage::outsideWindow).sum()).isPositive();
        assertThat(expected.stream().mapToInt(ConvertedPage::alreadyExtracted).sum()).isPositive();
        assertThat(expected.stream().flatMap(p -> p.unknownFields().stream())).contains("brand_new_field");
    }

    @Test
    void aPageThatFailsFailsTheChunkWithItsOwnException() throws IOException {
        List<SourcePage> pages = pages(sampleOrdersWithBadOnes(), 7);
        Supplier<PageConverter> failingOnPage3 = () -> new PageConverter(ORDERS, new RecordConverter(SCHEMA), WINDOW,
                Set.of(), "run-1", id -> false) {
            @Override
            public ConvertedPage process(SourcePage page) {
                if (page.number() == 3) {
                    throw new IllegalStateException("page 3 broke");
                }
                return super.process(page);
            }
        };
        try (ParallelPageConversion conversion = new ParallelPageConversion(3, failingOnPage3, "orders")) {
            assertThatThrownBy(() -> conversion.convert(pages.subList(0, 6)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("page 3 broke");
            // the pool is still usable for the next chunk (a retried one, say)
            assertThat(conversion.convert(pages.subList(3, 6))).hasSize(3);
        }
    }

    @Test
    void aPageStartsConvertingWhenHandedOverAndTheChunkIsWhatConvertingItWholeGives() throws Exception {
        // given pages a source hands out one by one, and converters that say when a page starts converting
        List<SourcePage> pages = pages(sampleOrdersWithBadOnes(), 7).subList(0, 6);
        Supplier<PageConverter> plain = () -> new PageConverter(ORDERS, new RecordConverter(SCHEMA), WINDOW, Set.of(),
                "run-1", ERASED);
        var started = new java.util.concurrent.LinkedBlockingQueue<Integer>();
        var release = new java.util.concurrent.CountDownLatch(1);
        Supplier<PageConverter> watched = () -> new PageConverter(ORDERS, new RecordConverter(SCHEMA), WINDOW, Set.of(),
                "run-1", ERASED) {
            @Override
            public ConvertedPage process(SourcePage page) {
                started.add(page.number());
                try {
                    release.await(); // held until the test has seen it start
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.process(page);
            }
        };
        List<ConvertedPage> expected;
        try (ParallelPageConversion whole = new ParallelPageConversion(1, plain, "orders")) {
            expected = whole.convert(pages);
        }
        var source = new java.util.ArrayDeque<>(pages);
        try (ParallelPageConversion conversion = new ParallelPageConversion(2, watched, "orders")) {
            // when the first page is handed over (SourcePageReader does it as soon as it is fetched)
            PageInConversion first = conversion.start(source.poll());

            // then it is converting before the chunk is complete, let alone written
            assertThat(started.poll(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("page 1 starts converting as soon as it is read").isEqualTo(1);
            assertThat(first.number()).isEqualTo(1);
            // and the chunk, once read and awaited, is what converting the pages together gives, in page order
            List<PageInConversion> chunk = new ArrayList<>(List.of(first));
            for (SourcePage page = source.poll(); page != null; page = source.poll()) {
                chunk.add(conversion.start(page));
            }
            release.countDown();
            assertThat(conversion.await(chunk)).isEqualTo(expected);
            assertThat(first.records()).as("records read, once converted").isEqualTo(pages.get(0).records().size());
        }
    }

    private static List<JsonNode> sampleOrdersWithBadOnes() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (InputStream in = ParallelPageConversionTest.class.getResourceAsStream("/data-samples/commerce/orders.jsonl")) {
            assertThat(in).as("sample orders on the classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        for (int i = 0; i < records.size(); i += 23) {
            ObjectNode bad = (ObjectNode) records.get(i);
            switch ((i / 23) % 4) {
                case 0 -> bad.remove("id");
                case 1 -> bad.put("updated_at", "yesterday-ish");
                case 2 -> bad.set("total_price", JSON.createObjectNode().put("amount", "1.00"));
                default -> bad.put("brand_new_field", "drift");
            }
        }
        return records;
    }

    /** Half of the records below the previous watermark count as already extracted by the run before. */
    private static Set<String> boundaryOf(List<JsonNode> records) {
        Set<String> keys = new HashSet<>();
        int n = 0;
        for (JsonNode record : records) {
            if (record.hasNonNull("id") && ORDERS.cursorOf(record).isPresent()) {
                Instant cursor = ORDERS.cursorOf(record).get();
                if (cursor.isBefore(WINDOW.previousWatermark()) && n++ % 2 == 0) {
                    keys.add(Watermarks.key(ORDERS.idOf(record).orElseThrow(), RecordConverter.toMicros(cursor)));
                }
            }
        }
        return keys;
    }

    private static List<SourcePage> pages(List<JsonNode> records, int pageSize) {
        List<SourcePage> pages = new ArrayList<>();
        for (int i = 0; i < records.size(); i += pageSize) {
            pages.add(new SourcePage(pages.size() + 1, records.subList(i, Math.min(records.size(), i + pageSize)),
                    Instant.parse("2026-11-10T00:00:00Z"), 1));
        }
        return pages;
    }
}
