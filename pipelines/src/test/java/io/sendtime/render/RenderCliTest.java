package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;
import io.sendtime.cli.ExitCodes;
import io.sendtime.transform.SampleLake;

/** templates validate, run render and render preview through the CLI: exit codes and one-line errors. */
class RenderCliTest {

    @TempDir
    Path dir;

    CliRun run(Path config, String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void validateRenderAndPreviewThroughTheCli() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  render:
                    templates: %s
                    stock-timeout: 2s
                  consent:
                    refresh-timeout: 2s
                """.formatted(dir, Path.of("..", "templates").toAbsolutePath().normalize()));

        // a campaign with a template error fails validation naming file and line, before anything renders
        Path broken = TestCampaigns.write(dir.resolve("broken"), "syntax", """
                channel: email
                tokens:
                  - {name: t, template: t.vm, fallback: "-"}
                """, Map.of("t.vm", "line one\n#if($first_name\nthree"));
        CliRun invalid = run(config, "templates", "validate", "--dir", broken.toString());
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invalid.err()).startsWith("sendtime: ").contains("campaigns/syntax/t.vm:").endsWith("\n")
                .hasLineCount(1);
        assertThat(run(config, "templates", "validate").exitCode()).as("the shipped campaigns are valid")
                .isEqualTo(ExitCodes.OK);

        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBothUpTo(java.time.Instant.parse("2026-10-02T00:00:00Z"));
            lake.transform();
        }
        // data complete to October: older than any campaign's freshness limit
        assertThat(run(config, "run", "load", "--as-of", "2026-10-02T00:00:00Z").exitCode()).isEqualTo(ExitCodes.OK);

        CliRun badTime = run(config, "run", "render", "--campaign", "win-back", "--send-at", "tonight");
        assertThat(badTime.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTime.err()).startsWith("sendtime: --send-at: not an ISO-8601 instant: tonight").hasLineCount(1);

        CliRun stale = run(config, "run", "render", "--campaign", "win-back", "--send-at", "2026-11-22T18:00:00Z");
        assertThat(stale.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stale.err()).contains("older than campaign win-back's freshness limit", "--allow-stale").hasLineCount(1);
        assertThat(run(config, "jobs", "list").out()).as("a refused send starts no job").doesNotContain("render");

        CliRun unknown = run(config, "run", "render", "--campaign", "no-such-campaign", "--send-at", "2026-11-22T18:00:00Z");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no-such-campaign").hasLineCount(1);

        // no source answers here: consent cannot be checked at the moment of sending, so the send is refused
        CliRun unchecked = run(config, "run", "render", "--campaign", "win-back", "--send-at", "2026-11-22T18:00:00Z",
                "--send-id", "cli-0", "--allow-stale");
        assertThat(unchecked.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unchecked.err()).contains("consent could not be checked at the sources", "--allow-stale-consent")
                .hasLineCount(1);

        CliRun allowed = run(config, "run", "render", "--campaign", "win-back", "--send-at", "2026-11-22T18:00:00Z",
                "--send-id", "cli-1", "--allow-stale", "--allow-stale-consent");
        assertThat(allowed.exitCode()).as(allowed.err()).isEqualTo(ExitCodes.OK);
        assertThat(allowed.out()).contains("render win-back send cli-1: ", "(older than the campaign's limit: --allow-stale)",
                "from the last load (the commerce API failed)",
                "consent:   the last load's, as of", "allowed by --allow-stale-consent", "export: ");
        assertThat(run(config, "jobs", "list").out()).contains("render", "campaign=win-back sendId=cli-1");

        CliRun preview = run(config, "render", "preview", "--campaign", "win-back", "--customer",
                "bob.norman@mail.example.com", "--html", dir.resolve("preview.html").toString());
        assertThat(preview.exitCode()).as(preview.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve("preview.html"))).startsWith("<!doctype html>")
                .contains("<dt>{{first_name}}</dt><dd>Bob</dd>");
    }
}
