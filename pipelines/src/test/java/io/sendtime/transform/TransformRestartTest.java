package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import io.sendtime.lake.CuratedManifests;
import io.sendtime.lake.Lake;
import io.sendtime.model.Emails;

/** A transform that fails part-way is resumed by the next run and consumes its input exactly once. */
class TransformRestartTest {

    @TempDir
    Path dir;

    @Test
    void aFailedTransformIsResumedByTheNextRunAndConsumesItsInputOnce() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            // given both sources extracted, and the curated orders folder blocked by a file
            lake.extractBoth();
            Path blocker = lake.app.lakeDir().resolve("curated/orders");
            Files.createDirectories(blocker.getParent());
            Files.writeString(blocker, "not a folder");

            // when the transform runs, it fails at orders, after contacts and customers were curated
            TransformSummary failed = lake.app.get(TransformService.class).run();
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.runs()).hasSize(1);
            assertThat(failed.runs().get(0).outcome()).isEqualTo(BatchStatus.FAILED);
            assertThat(lake.app.get(ConsumedRuns.class).all()).as("nothing consumed before the commit").isEmpty();
            assertThat(new CuratedManifests(lake.app.get(Lake.class)).all()).isEmpty();

            // and the next run, once the folder is free, resumes that same transform run
            Files.delete(blocker);
            TransformSummary resumed = lake.transform();

            // then it completes the failed run instead of starting another, and consumes each extract run once
            assertThat(resumed.runs()).hasSize(1);
            assertThat(resumed.runs().get(0).resumed()).isTrue();
            assertThat(resumed.runs().get(0).transformRunId()).isEqualTo(failed.runs().get(0).transformRunId());
            assertThat(lake.app.get(ConsumedRuns.class).all()).hasSize(2);
            Lake lakeFs = lake.app.get(Lake.class);
            assertThat(new CuratedManifests(lakeFs).all()).hasSize(1);
            assertThat(CuratedVersions.latest(lakeFs, "orders")).hasSize(300);
            assertThat(CuratedVersions.latest(lakeFs, "contacts")).hasSize(100);
            assertThat(lake.transform().nothingNew()).isTrue();
        }
    }

    @Test
    void withIdentityMatchingOffEveryRecordIsItsOwnCustomer() {
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.transform.identity.match-by", "none"))) {
            // given the sample data extracted
            lake.extractBoth();

            // when it is curated with sendtime.transform.identity.match-by: none
            lake.transform();

            // then Bob's contact and customer keep separate keys, each derived from its own record
            Lake lakeFs = lake.app.get(Lake.class);
            GenericRecord contact = CuratedVersions.latest(lakeFs, "contacts").get("1001");
            GenericRecord customer = CuratedVersions.latest(lakeFs, "customers").get("207119551");
            assertThat(contact.get("customer_key").toString()).isEqualTo(io.sendtime.TestApp.customerKey("crm:1001"));
            assertThat(customer.get("customer_key").toString())
                    .isEqualTo(io.sendtime.TestApp.customerKey("commerce:207119551"));
        }
    }
}
