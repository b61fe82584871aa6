package io.sendtime.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.lake.Lake;
import io.sendtime.lake.RawVerify;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.Entity;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/**
 * The CRM preset's contacts come from HubSpot's search, which pages through at most 10,000 results a query
 * (the sample API answers 400 past them, as HubSpot does). 25,000 contacts, 3,000 of which share one
 * lastmodifieddate across the first query's cap: the extract re-opens the query from the last value read, and
 * the lake holds every contact exactly once.
 */
class SearchResultCapTest {

    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int CONTACTS = 25_000;
    private static final int TIES_FROM = 9_000;
    private static final int TIES = 3_000;

    @TempDir
    Path dir;

    SampleApis apis;
    TestApp app;

    @BeforeEach
    void start() throws IOException {
        Path samples = dir.resolve("samples");
        for (Entity entity : Entity.values()) {
            Files.createDirectories(samples.resolve(entity.file()).getParent());
            Files.writeString(samples.resolve(entity.file()), "");
        }
        StringBuilder contacts = new StringBuilder();
        for (int i = 0; i < CONTACTS; i++) {
            // one a second, but the 9,000th to the 11,999th all at the 9,000th's second
            Instant at = START.plusSeconds(i >= TIES_FROM && i < TIES_FROM + TIES ? TIES_FROM : i);
            contacts.append("""
                    {"id":"%d","properties":{"email":"c%d@example.com","lastmodifieddate":"%s"},"createdAt":"%s","updatedAt":"%s","archived":false}
                    """.formatted(100_000 + i, i, at, START, at));
        }
        Files.writeString(samples.resolve(Entity.CONTACTS.file()), contacts);
        apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.directory(samples))
                .rateLimit(RateLimit.GENEROUS).clock(Clock.fixed(T0, ZoneOffset.UTC)).build());
        Map<String, Object> properties = new HashMap<>();
        properties.put("sendtime.sources.crm.rate-limit.requests-per-second", 1000);
        properties.put("sendtime.sources.crm.rate-limit.burst", 100);
        app = TestApp.start(dir.resolve("var"), properties);
        SourceClients sources = app.get(SourceClients.class);
        sources.useSecrets(SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", apis.crmToken())));
        sources.override(sources.definition("crm").withBaseUrl(apis.baseUrl().toString()));
    }

    @AfterEach
    void stop() {
        app.close();
        apis.close();
    }

    @Test
    void aSearchPastTheResultCapIsReopenedFromTheLastValueReadAndLosesOrRepeatsNothing() {
        // when every contact is extracted through the search (200 a page, at most 10,000 a query)
        ExtractSummary summary = app.get(ExtractService.class).run(new ExtractRequest("crm", List.of("contacts"),
                Instant.EPOCH, T0, false));

        // then it succeeds (paging past the cap would have been a 400) with more pages than one query holds
        assertThat(summary.succeeded()).as("%s", summary).isTrue();
        ExtractSummary.EntityResult contacts = summary.entities().get(0);
        assertThat(contacts.pages()).isGreaterThanOrEqualTo(CONTACTS / 200);
        // and the lake holds each contact once: 25,000 records, 25,000 ids, no version twice
        assertThat(contacts.written()).isEqualTo(CONTACTS);
        Set<String> ids = io.sendtime.jobs.LakeContent.records(app.get(Lake.class), "crm", "contacts").stream()
                .map(r -> r.replaceAll("(?s).*\\bid=(\\d+).*", "$1")).collect(Collectors.toSet());
        assertThat(ids).hasSize(CONTACTS);
        assertThat(new RawVerify(app.get(Lake.class)).run()).singleElement().satisfies(e -> {
            assertThat(e.records()).isEqualTo(CONTACTS);
            assertThat(e.duplicates()).isZero();
        });
    }

    @Test
    void theSampleSearchRefusesToPagePastTheCapAsHubSpotDoes() {
        // given a client without the cap: it pages on past 10,000 results
        SourceClients sources = app.get(SourceClients.class);
        var crm = sources.definition("crm");
        var uncapped = crm.entity("contacts").withBody(crm.entity("contacts").body(), null);
        sources.override(new io.sendtime.source.SourceDefinition(crm.name(), crm.baseUrl(), crm.auth(),
                crm.pagination(), crm.rateLimit(), crm.retry(), crm.timeouts(), crm.lookback(),
                Map.of("contacts", uncapped)));

        // when it reads the contacts, then the source stops it with a 400 at the cap
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sources.client("crm").forEachRecord("contacts",
                        Instant.EPOCH, T0, record -> { }))
                .hasMessageContaining("HTTP 400").hasMessageContaining("10000");
    }
}
