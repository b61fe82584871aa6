package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;

/** A second email service is configuration, and config validate checks its table before the server starts. */
class ServeConfigTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProviderIsConfigurationAndABadTableIsNamedByConfigValidate() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  serve:
                    esp:
                      relay:
                        signature: standard-webhooks
                        key-env: SENDTIME_RELAY_SECRET
                        fields: {id: id, event: type, email: recipient, timestamp: time, timestamp-format: iso}
                        rules:
                          - {event: email.delivered, kind: delivered}
                          - {event: email.bounced, field: bounce_type, value: transient, kind: soft_bounce}
                          - {event: email.bounced, kind: hard_bounce}
                """.formatted(dir));
        CliRun ok = CliRun.run(config, "config", "validate");
        assertThat(ok.exitCode()).as(ok.err()).isZero();

        Files.writeString(config, Files.readString(config).replace("kind: hard_bounce", "kind: bounced")
                .replace("standard-webhooks", "hmac"));
        CliRun bad = CliRun.run(config, "config", "validate");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("sendtime: sendtime.serve.esp.relay.rules[2].kind: one of click, deferred, delivered,"
                + " group_unsubscribe, hard_bounce, invalid, open, processed, soft_bounce, spam_report, unsubscribe, not bounced\n");
    }

    @Test
    void anApiClientWithoutItsTokenVariableIsNamedByConfigValidate() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  serve:
                    api:
                      clients:
                        braze: {token-env: SENDTIME_API_TOKEN_BRAZE, campaigns: [win-back], requests-per-second: 500}
                        tool: {campaigns: [win-back]}
                """.formatted(dir));
        CliRun bad = CliRun.run(config, "config", "validate");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("sendtime: sendtime.serve.api.clients.tool.token-env is not set: name the"
                + " environment variable holding tool's bearer token\n");
        Files.writeString(config, Files.readString(config).replace("tool: {campaigns: [win-back]}", ""));
        CliRun ok = CliRun.run(config, "config", "validate");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
    }
}
