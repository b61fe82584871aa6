package io.sendtime.samples;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleGeneratorTest {

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        // given / when
        new SampleGenerator(7, 60).writeDataset(dir.resolve("a"));
        new SampleGenerator(7, 60).writeDataset(dir.resolve("b"));
        new SampleGenerator(8, 60).writeDataset(dir.resolve("c"));

        // then
        for (Entity e : Entity.values()) {
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(e.file()));
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(e.file()))).as("same seed, %s", e).isEqualTo(a);
            assertThat(Files.readAllBytes(dir.resolve("c").resolve(e.file()))).as("other seed, %s", e).isNotEqualTo(a);
        }
    }

    @Test
    void sevenDigitsAreWhatTheFormatterGivesInAnAsciiLocale() {
        java.util.Random random = new java.util.Random(7);
        for (int n : new int[] {0, 7, 42, 999_999, 1_000_000, 9_999_999}) {
            assertThat(SampleGenerator.sevenDigits(n)).isEqualTo(String.format(java.util.Locale.ROOT, "%07d", n));
        }
        for (int i = 0; i < 10_000; i++) {
            int n = random.nextInt(10_000_000);
            assertThat(SampleGenerator.sevenDigits(n)).isEqualTo(String.format(java.util.Locale.ROOT, "%07d", n));
        }
    }

    @Test
    void committedSampleDataIsExactlyTheGeneratorOutput(@TempDir Path dir) throws Exception {
        // given
        Path committed = Path.of("..", "data-samples");

        // when
        Map<Entity, Long> counts = SampleDataWriter.generator().writeDataset(dir);

        // then
        for (Entity e : Entity.values()) {
            assertThat(Files.readString(dir.resolve(e.file())))
                    .as("data-samples/%s is reproducible with SampleDataWriter", e.file())
                    .isEqualTo(Files.readString(committed.resolve(e.file())));
        }
        assertThat(counts).containsEntry(Entity.CUSTOMERS, 100L).containsEntry(Entity.ORDERS, 300L)
                .containsEntry(Entity.PRODUCTS, 40L).containsEntry(Entity.STOREFRONT_EVENTS, 2000L);
    }

    @Test
    void indexOrderIsKeyOrderAndTheKeyIsWhatTheRecordSays() throws Exception {
        // given
        SampleGenerator gen = new SampleGenerator(3, 400);

        for (Entity e : Entity.values()) {
            SortKey previous = null;
            for (long i = 0; i < gen.count(e); i++) {
                // when
                SortKey key = gen.key(e, i);
                JsonNode record = ApiClient.MAPPER.readTree(gen.json(e, i));

                // then
                assertThat(record.get("id").asText()).as("%s #%d id", e, i).isEqualTo(key.id());
                assertThat(Timestamps.parse(record.get(e.sortField()).asText(), false))
                        .as("%s #%d sort time", e, i).isEqualTo(key.micros());
                assertThat(key.micros()).isBetween(Timestamps.micros(SampleGenerator.START),
                        Timestamps.micros(SampleGenerator.END));
                if (previous != null) {
                    assertThat(key).as("%s #%d after #%d", e, i, i - 1).isGreaterThan(previous);
                }
                previous = key;
            }
        }
    }

    @Test
    void scalesToAMillionCustomersWithoutMaterializingAnything() throws Exception {
        // given
        SampleGenerator gen = new SampleGenerator(1, 1_000_000);

        // when
        long events = gen.count(Entity.STOREFRONT_EVENTS);
        SortKey last = gen.key(Entity.STOREFRONT_EVENTS, events - 1);
        JsonNode order = ApiClient.MAPPER.readTree(gen.json(Entity.ORDERS, 2_999_999));

        // then
        assertThat(events).isEqualTo(20_000_000L);
        assertThat(gen.count(Entity.ORDERS)).isEqualTo(3_000_000L);
        assertThat(gen.count(Entity.PRODUCTS)).isEqualTo(2_000L);
        assertThat(last.id()).isEqualTo("evt_020000000");
        assertThat(Timestamps.instant(last.micros())).isBefore(SampleGenerator.END);
        for (long i : List.of(0L, 1L, 9_999_999L, 19_999_998L)) {
            assertThat(gen.key(Entity.STOREFRONT_EVENTS, i + 1)).isGreaterThan(gen.key(Entity.STOREFRONT_EVENTS, i));
        }
        assertThat(order.get("line_items").size()).isPositive();
    }

    @Test
    void mostPeopleExistInBothSystemsWithTheSameEmail() throws Exception {
        // given
        SampleGenerator gen = new SampleGenerator(5, 200);
        int matched = 0;

        // when
        for (long i = 0; i < 200; i++) {
            JsonNode contact = ApiClient.MAPPER.readTree(gen.json(Entity.CONTACTS, i));
            JsonNode customer = ApiClient.MAPPER.readTree(gen.json(Entity.CUSTOMERS, i));
            String crmEmail = contact.at("/properties/email").asText(null);
            if (crmEmail != null && crmEmail.trim().equalsIgnoreCase(customer.get("email").asText())) {
                matched++;
            }
        }

        // then
        assertThat(matched).isBetween(140, 190);
    }
}
