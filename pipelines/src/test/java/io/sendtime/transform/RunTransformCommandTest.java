package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.cli.Main;

/** {@code sendtime run transform} through the real CLI. */
class RunTransformCommandTest {

    @TempDir
    Path dir;

    @Test
    void withNothingExtractedItSaysNothingNewAndExitsZero() throws Exception {
        // given an empty lake
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: %s\n  privacy:\n    key-env: SENDTIME_TEST_PRIVACY_KEY_UNSET\n"
                .formatted(dir.resolve("var")));
        io.sendtime.TestApp.writeTestKey(dir.resolve("var").resolve("privacy.key"));

        // when the transform runs
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "transform", "--config", config.toString());

        // then it says so, and succeeds
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("transform: nothing new");
    }

    @Test
    void withoutThePrivacyKeyItDoesNotStartAndSaysWhatToSet() throws Exception {
        Path config = dir.resolve("nokey.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: %s\n  privacy:\n    key-env: SENDTIME_TEST_PRIVACY_KEY_UNSET\n"
                .formatted(dir.resolve("nokey")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "transform", "--config", config.toString());

        assertThat(code).isEqualTo(io.sendtime.cli.ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("sendtime: the privacy key is not set").contains("privacy.key")
                .hasLineCount(1);
        assertThat(dir.resolve("nokey").resolve("lake/curated")).doesNotExist();
    }

    @Test
    void usageHelpSaysWhatItReads() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "run", "transform", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Curate the raw lake", "--config");
    }
}
