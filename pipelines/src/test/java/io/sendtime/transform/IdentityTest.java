package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.Lake;
import io.sendtime.samples.Entity;
import io.sendtime.model.Emails;

/** customer_key across systems and across runs. */
class IdentityTest {

    @TempDir
    Path dir;

    @Test
    void keysMatchAcrossSystemsAndRunsAndSurviveAnEmailChange() {
        try (SampleLake lake = new SampleLake(dir)) {
            // given the sample data curated: Bob Norman's key comes from his email
            lake.extractBoth();
            lake.transform();
            String bob = io.sendtime.TestApp.customerKey("bob.norman@mail.example.com");

            // when, later, a new CRM contact arrives with Bob's email in another case and with spaces,
            // and Bob changes his email in the shop
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            lake.apis.store().inject(Entity.CONTACTS, now, "9100", """
                    {"id":"9100","properties":{"email":"  BOB.Norman@Mail.Example.COM ","lastmodifieddate":"%s"},
                     "createdAt":"%s","updatedAt":"%s","archived":false}""".formatted(now, now, now).replace("\n", ""));
            lake.apis.store().inject(Entity.CUSTOMERS, now, "207119551", """
                    {"id":207119551,"email":"bob@new.example.com","first_name":"Bob","last_name":"Norman",
                     "currency":"CAD","created_at":"2024-01-01T07:00:00-05:00","updated_at":"%s"}"""
                    .formatted(now).replace("\n", ""));
            lake.extractBoth();
            TransformSummary second = lake.transform();

            // then the new contact joins Bob's key, and Bob keeps his key under his new email
            assertThat(second.total("contacts").read()).isEqualTo(1);
            Lake lakeFs = lake.app.get(Lake.class);
            var contact = CuratedVersions.latest(lakeFs, "contacts").get("9100");
            var customer = CuratedVersions.latest(lakeFs, "customers").get("207119551");
            assertThat(contact.get("customer_key").toString()).isEqualTo(bob);
            assertThat(customer.get("email").toString()).isEqualTo("bob@new.example.com");
            assertThat(customer.get("customer_key").toString()).as("keys never change once given").isEqualTo(bob);
        }
    }
}
