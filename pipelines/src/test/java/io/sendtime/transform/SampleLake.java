package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.sendtime.TestApp;
import io.sendtime.extract.ExtractService;
import io.sendtime.extract.ExtractService.ExtractRequest;
import io.sendtime.samples.Dataset;
import io.sendtime.samples.RateLimit;
import io.sendtime.samples.SampleApiOptions;
import io.sendtime.samples.SampleApis;
import io.sendtime.source.SecretResolver;
import io.sendtime.source.SourceClients;

/** The real sample APIs serving data-samples/, and a real sendtime app extracting from them. */
public final class SampleLake implements AutoCloseable {

    public final SampleApis apis;
    public final TestApp app;

    public SampleLake(Path varDir) {
        this(varDir, Map.of());
    }

    public SampleLake(Path varDir, Map<String, Object> properties) {
        this.apis = SampleApis.start(SampleApiOptions.builder().dataset(Dataset.samples())
                .rateLimit(RateLimit.GENEROUS).build());
        // no safety lag: churn stamps records up to now and the next extract must see them
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("sendtime.extract.safety-lag", "0s");
        this.app = TestApp.start(varDir, all);
        SourceClients sources = app.get(SourceClients.class);
        sources.useSecrets(SecretResolver.of(Map.of(
                "SENDTIME_CRM_TOKEN", apis.crmToken(), "SENDTIME_COMMERCE_TOKEN", apis.commerceToken())));
        for (String source : List.of("crm", "commerce")) {
            sources.override(sources.definition(source).withBaseUrl(apis.baseUrl().toString()));
        }
    }

    /** An incremental extract of both sources, as the hourly schedule runs it. */
    public void extractBoth() {
        for (String source : List.of("crm", "commerce")) {
            var summary = app.get(ExtractService.class).run(new ExtractRequest(source, List.of(), null, null, false));
            assertThat(summary.succeeded()).as("extract of " + source + ": " + summary.failure()).isTrue();
        }
    }

    /** An extract of both sources as an interval up to {@code to}: the data is complete to then, not to now. */
    public void extractBothUpTo(java.time.Instant to) {
        for (String source : List.of("crm", "commerce")) {
            var summary = app.get(ExtractService.class).run(new ExtractRequest(source, List.of(), java.time.Instant.EPOCH,
                    to, false));
            assertThat(summary.succeeded()).as("extract of " + source + ": " + summary.failure()).isTrue();
        }
    }

    public TransformSummary transform() {
        TransformSummary summary = app.get(TransformService.class).run();
        assertThat(summary.succeeded()).as("transform: " + summary.failure()).isTrue();
        return summary;
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            apis.close();
        }
    }
}
