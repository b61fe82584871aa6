package io.sendtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.CliRun;
import io.sendtime.cli.ExitCodes;

/** run load, inspect profile|segments|freshness and check quality, through the CLI, on the samples. */
class LoadCliTest {

    @TempDir
    Path dir;

    CliRun run(Path config, String... args) {
        return CliRun.run(config, args);
    }

    @Test
    void loadInspectAndCheckTheSamples() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + dir + "\n");
        String bobKey = io.sendtime.TestApp.customerKey("bob.norman@mail.example.com");
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            assertThat(samples.lake.app.get(LoadService.class)).isNotNull();
        }
        // the app of the fixture is closed: the CLI is the only process, as for a user

        CliRun bad = run(config, "run", "load", "--as-of", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("sendtime: --as-of: not an ISO-8601 instant: yesterday (e.g. 2026-11-22T10:00:00Z)\n");

        CliRun load = run(config, "run", "load");
        assertThat(load.exitCode()).as(load.err()).isEqualTo(ExitCodes.OK);
        assertThat(load.out()).contains("load 1 (incremental): 1 curated manifest(s)", "113 in all", "warehouse: ");

        CliRun profile = run(config, "inspect", "profile", "  Bob.Norman@Mail.Example.COM ");
        assertThat(profile.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(profile.out()).startsWith("profile " + bobKey + "\n")
                .contains("orders_count", "segments:", "consent history:", "versions (profile_snapshots):",
                        "load 1: ");
        assertThat(run(config, "inspect", "profile", "207119551").out()).startsWith("profile " + bobKey);
        CliRun nobody = run(config, "inspect", "profile", "nobody@example.com");
        assertThat(nobody.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nobody.err()).startsWith("sendtime: no profile matches nobody@example.com").hasLineCount(1);

        CliRun segments = run(config, "inspect", "segments");
        assertThat(segments.out()).contains("cart_abandoner", "vip", "113 profiles");

        assertThat(run(config, "inspect", "freshness", "--max-age", "1h").exitCode()).isEqualTo(ExitCodes.OK);
        CliRun stale = run(config, "inspect", "freshness", "--max-age", "0s");
        assertThat(stale.exitCode()).isEqualTo(3);
        assertThat(stale.out()).contains("profiles: 113, load 1 computed as of", "data complete to", "not fresh",
                "in warehouse crm       contacts");

        CliRun quality = run(config, "check", "quality");
        assertThat(quality.exitCode()).as(quality.out()).isEqualTo(ExitCodes.OK);
        assertThat(quality.out()).contains("ok     freshness")
                .containsPattern("ok     quarantine rate +\\d+ of [1-9]\\d* records read");
        CliRun failing = run(config, "check", "quality", "--max-age", "0s");
        assertThat(failing.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(failing.err()).isEqualTo("sendtime: quality check failed: freshness\n");

        CliRun again = run(config, "run", "load", "--full-rebuild");
        assertThat(again.out()).contains("load 2 (full rebuild)", "0 new version(s)");
        assertThat(run(config, "inspect", "runs").out()).contains("full-rebuild", "incremental");
    }

    @Test
    void housekeepingCompactsTheCuratedZoneAndRemovesLeftovers() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + dir + "\n");
        Path leftover;
        try (LoadedSamples samples = new LoadedSamples(dir).curate()) {
            samples.load(false, null);
            samples.lake.apis.store().churnAll(io.sendtime.samples.Churn.of(2, 3, 1).withSeed(5));
            samples.lake.extractBoth();
            samples.lake.transform();
            samples.load(false, null);
            // a crashed run's in-progress file, two hours old
            leftover = samples.lake.app.lakeDir().resolve("curated/orders/transform_date=2026-01-01/.x.parquet.inprogress");
            Files.createDirectories(leftover.getParent());
            Files.writeString(leftover, "partial");
            Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        }

        CliRun bad = run(config, "lake", "housekeep", "--compact-below", "lots");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("sendtime: --compact-below: not a size: lots (try 128MB or 1GB)\n");

        CliRun dry = run(config, "lake", "housekeep", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isEqualTo(ExitCodes.OK);
        assertThat(dry.out()).contains("would compact 2 manifests", "would remove curated/orders/transform_date=2026-01-01/.x.parquet.inprogress");
        assertThat(leftover).exists();

        CliRun housekeep = run(config, "lake", "housekeep");
        assertThat(housekeep.exitCode()).as(housekeep.err()).isEqualTo(ExitCodes.OK);
        assertThat(housekeep.out()).containsPattern("curated compaction: 2 manifests \\(\\d+ files, [\\d,]+ bytes\\) compacted into \\S+-c")
                .contains("2 replaced manifest(s) kept until", "removed curated/orders/transform_date=2026-01-01/.x.parquet.inprogress");
        assertThat(leftover).doesNotExist();
        assertThat(run(config, "run", "load").out()).contains("0 curated manifest(s)");
        // the rate is still that of the latest load with new data, whose manifests are compacted now
        assertThat(run(config, "check", "quality").out()).containsPattern("ok     quarantine rate +\\d+ of [1-9]\\d* records read");

        CliRun later = run(config, "lake", "housekeep", "--older-than", "0s");
        assertThat(later.out()).contains("curated compaction: nothing to compact", "removed curated/_manifests/");
        assertThat(Files.list(dir.resolve("lake/curated/_manifests"))).hasSize(1);
        assertThat(run(config, "run", "load", "--full-rebuild").out()).contains("1 curated manifest(s)", "0 new version(s)");
    }
}
