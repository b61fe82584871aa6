package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.ExitCodes;
import io.sendtime.cli.Main;

/** run load, inspect profile|segments|freshness and check quality, through the CLI, on the samples. */
class LoadCliTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    Result run(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void loadInspectAndCheckTheSamples() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + dir + "\n");
        String bobKey = io.sendtime.transform.Emails.sha256("bob.norman@mail.example.com").substring(0, 16);
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            assertThat(samples.lake.app.get(LoadService.class)).isNotNull();
        }
        // the app of the fixture is closed: the CLI is the only process, as for a user

        Result bad = run(config, "run", "load", "--as-of", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("sendtime: --as-of: not an ISO-8601 instant: yesterday (e.g. 2026-11-22T10:00:00Z)\n");

        Result load = run(config, "run", "load");
        assertThat(load.exitCode()).as(load.err()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("load 1 (incremental): 1 curated run(s)", "113 in all", "warehouse: ");

        Result profile = run(config, "inspect", "profile", "  Bob.Norman@Mail.Example.COM ");
        assertThat(profile.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(profile.out()).startsWith("profile " + bobKey + "\n")
                .contains("orders_count", "segments:", "consent history:", "versions (profile_snapshots):",
                        "load 1: ");
        assertThat(run(config, "inspect", "profile", "207119551").out()).startsWith("profile " + bobKey);
        Result nobody = run(config, "inspect", "profile", "nobody@example.com");
        assertThat(nobody.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nobody.err()).startsWith("sendtime: no profile matches nobody@example.com").hasLineCount(1);

        Result segments = run(config, "inspect", "segments");
        assertThat(segments.out()).contains("cart_abandoner", "vip", "113 profiles");

        assertThat(run(config, "inspect", "freshness", "--max-age", "1h").exitCode()).isEqualTo(ExitCodes.OK);
        Result stale = run(config, "inspect", "freshness", "--max-age", "0s");
        assertThat(stale.exitCode()).isEqualTo(3);
        assertThat(stale.out()).contains("profiles: 113, snapshot of load 1", "not fresh");

        Result quality = run(config, "check", "quality");
        assertThat(quality.exitCode()).as(quality.out()).isEqualTo(ExitCodes.OK);
        assertThat(quality.out()).contains("ok     freshness", "ok     quarantine rate");
        Result failing = run(config, "check", "quality", "--max-age", "0s");
        assertThat(failing.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(failing.err()).isEqualTo("sendtime: quality check failed: freshness\n");

        Result again = run(config, "run", "load", "--full-rebuild");
        assertThat(again.out()).contains("load 2 (full rebuild)", "0 new version(s)");
        assertThat(run(config, "inspect", "runs").out()).contains("full-rebuild", "incremental");
    }
}
