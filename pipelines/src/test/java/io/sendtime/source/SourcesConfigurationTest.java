package io.sendtime.source;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SourcesConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SourcesConfiguration.class)
            .withPropertyValues(
                    "sendtime.sources.crm.base-url=http://127.0.0.1:9999",
                    "sendtime.sources.crm.auth.type=bearer",
                    "sendtime.sources.crm.auth.token-env=SENDTIME_CRM_TOKEN",
                    "sendtime.sources.crm.pagination.style=cursor-in-body",
                    "sendtime.sources.crm.pagination.next-cursor-path=paging.next.after",
                    "sendtime.sources.crm.pagination.cursor-param=after",
                    "sendtime.sources.crm.lookback=10m",
                    "sendtime.sources.crm.entities.contacts.path=/crm/v3/objects/contacts",
                    "sendtime.sources.crm.entities.contacts.records=results",
                    "sendtime.sources.crm.entities.contacts.id-field=id",
                    "sendtime.sources.crm.entities.contacts.cursor-field=updatedAt");

    @Test
    void springBindsTheRecordsAndSharesOneClientPerSource() {
        context.run(ctx -> {
            // given
            SourceClients clients = ctx.getBean(SourceClients.class);

            // when
            RestSourceClient crm = clients.client("crm");

            // then
            assertThat(crm).isSameAs(clients.client("crm"));
            assertThat(crm.source().name()).isEqualTo("crm");
            assertThat(crm.source().lookback()).hasMinutes(10);
            assertThat(crm.source().pagination().style()).isEqualTo(PaginationStyle.CURSOR_IN_BODY);
            assertThat(ctx.getBean(SourceCatalog.class).names()).containsExactly("crm");
        });
    }

    @Test
    void anApplicationSecretResolverIsUsedInsteadOfTheEnvironment() {
        try (StubApi api = new StubApi()) {
            // given
            api.on("/crm/v3/objects/contacts", (request, call) -> StubApi.Response.json(TestSources.results(0, 1, null)));

            context.withPropertyValues("sendtime.sources.crm.base-url=" + api.baseUrl())
                    .withBean(SecretResolver.class, () -> SecretResolver.of(Map.of("SENDTIME_CRM_TOKEN", "in-process")))
                    .run(ctx -> {
                        // when
                        ctx.getBean(SourceClients.class).client("crm")
                                .fetchPage("contacts", Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"), null);

                        // then
                        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer in-process");
                    });
        }
    }
}
