package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.extract.ExtractService;
import io.sendtime.transform.SampleLake;

/** {@code lake verify}: versions written twice since the last read from the beginning, and missing files. */
class RawVerifyTest {

    @TempDir
    Path dir;

    @Test
    void findsVersionsWrittenTwiceAndFilesMissing() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            ExtractService extract = lake.app.get(ExtractService.class);
            lake.extractBoth();
            // a full read from the beginning writes every version again, on purpose: not a duplicate
            assertThat(extract.run(new ExtractService.ExtractRequest("crm", List.of("contacts"), null, null, true))
                    .succeeded()).isTrue();
            RawVerify verify = new RawVerify(lake.app.get(Lake.class));
            assertThat(verify.run()).allSatisfy(e -> assertThat(e.duplicates()).as(e.entity()).isZero())
                    .allSatisfy(e -> assertThat(e.missing()).isZero())
                    .anySatisfy(e -> assertThat(e.records()).isPositive());

            // an interval over what was read already finds those versions in the lake and does not write them again
            var backfill = extract.run(new ExtractService.ExtractRequest("crm", List.of("contacts"),
                    Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"), false));
            assertThat(backfill.entities().get(0).alreadyExtracted()).isPositive();
            assertThat(backfill.entities().get(0).written()).isZero();
            assertThat(verify.run()).allSatisfy(e -> assertThat(e.duplicates()).as(e.entity()).isZero());

            // but a run whose files hold versions already committed is found out
            RunManifests manifests = new RunManifests(lake.app.get(Lake.class));
            RunManifest full = manifests.all("crm").stream().filter(m -> m.entities().containsKey("contacts"))
                    .reduce((a, b) -> b).orElseThrow();
            RunManifest.EntityFiles listed = full.entities().get("contacts");
            manifests.write(new RunManifest("99991231T000000Z-copy", "extract", "crm", Instant.now(), java.util.Map.of(
                    "contacts", new RunManifest.EntityFiles(Instant.parse("2024-01-01T00:00:00Z"), listed.to(),
                            listed.files(), listed.records(), 0, List.of()))));
            RawVerify.Entity contacts = verify.run().stream().filter(e -> e.entity().equals("contacts")).findFirst()
                    .orElseThrow();
            assertThat(contacts.duplicates()).isEqualTo(listed.records());

            // and a listed file that is gone is missing
            Path anyFile;
            try (var files = Files.walk(lake.app.lakeDir().resolve("raw/commerce/orders"))) {
                anyFile = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
            }
            Files.delete(anyFile);
            assertThat(verify.run().stream().filter(e -> e.entity().equals("orders")).findFirst().orElseThrow().missing())
                    .isEqualTo(1);
        }
    }
}
