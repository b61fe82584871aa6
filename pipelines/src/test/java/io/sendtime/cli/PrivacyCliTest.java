package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sendtime privacy suppress}: one address or an ESP's export, kept as keyed hashes only. */
class PrivacyCliTest {

    @TempDir
    Path dir;

    Path config;
    Path noKey;

    @BeforeEach
    void config() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-privacy-key-0123456789\n");
        config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  privacy:
                    key-env: SENDTIME_TEST_NO_SUCH_VARIABLE
                    key-file: %s
                """.formatted(dir.resolve("var"), key));
        noKey = dir.resolve("nokey.yaml");
        Files.writeString(noKey, """
                sendtime:
                  var-dir: %s
                  privacy:
                    key-env: SENDTIME_TEST_NO_SUCH_VARIABLE
                """.formatted(dir.resolve("var")));
    }

    @Test
    void addressesAndExportsGoOnTheListAsKeyedHashesOnly() throws Exception {
        // given exports in the three formats
        Path plain = Files.writeString(dir.resolve("plain.txt"), "# unsubscribed at the booth\nann@example.com\n\nBOB@example.com\n");
        Path sendgrid = Files.writeString(dir.resolve("bounces.csv"),
                "created,email,reason,status\n1764000000,carl@example.com,\"550 5.1.1 user unknown, sorry\",5.1.1\n"
                        + "1764000001,ann@example.com,spam,\n");
        Path braze = Files.writeString(dir.resolve("braze.csv"), "external_id,Email,unsubscribed_at\nx1,dora@example.com,2026-11-01\n");

        // when
        CliRun one = CliRun.run(config, "privacy", "suppress", "--email", "Eve@Example.com", "--reason", "complaint");
        CliRun again = CliRun.run(config, "privacy", "suppress", "--email", " eve@example.com ");
        CliRun fromPlain = CliRun.run(config, "privacy", "suppress", "--import", plain.toString());
        CliRun fromSendgrid = CliRun.run(config, "privacy", "suppress", "--import", sendgrid.toString(), "--format", "sendgrid-csv");
        CliRun fromBraze = CliRun.run(config, "privacy", "suppress", "--import", braze.toString(), "--format", "braze-csv");

        // then
        assertThat(one.out()).as(one.err()).contains("suppressed 1 address(es), 1 new");
        assertThat(again.out()).as("the same address, normalized").contains("suppressed 1 address(es), 0 new");
        assertThat(fromPlain.out()).as(fromPlain.err()).contains("suppressed 2 address(es), 2 new");
        assertThat(fromSendgrid.out()).as(fromSendgrid.err()).contains("suppressed 2 address(es), 1 new");
        assertThat(fromBraze.out()).as(fromBraze.err()).contains("suppressed 1 address(es), 1 new");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("var/jobrepo/sendtime")
                + ";ACCESS_MODE_DATA=r", "sa", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT email_hash, reason, source FROM sendtime_suppression ORDER BY source, reason")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).as("a keyed hash, not an address").matches("[0-9a-f]{64}");
                rows.add(rs.getString(2) + " / " + rs.getString(3));
            }
        }
        assertThat(rows).containsExactlyInAnyOrder("complaint / cli", "plain / plain", "plain / plain",
                "550 5.1.1 user unknown, sorry / sendgrid-csv", "braze-csv / braze-csv");
        assertThat(String.join(" ", rows)).doesNotContain("@");

        // and the log shows them without personal data
        CliRun log = CliRun.run(config, "privacy", "log");
        assertThat(log.exitCode()).as(log.err()).isZero();
        assertThat(log.out().lines()).hasSize(5).allSatisfy(line -> assertThat(line).contains("suppressed")
                .doesNotContain("@").doesNotContainPattern("[0-9a-f]{13,}"));
        assertThat(log.out()).contains("complaint", "cli", "sendgrid-csv", "550 5.1.1 user unknown, sorry");
    }

    @Test
    void anErasureThroughTheCliNamesNoOneAndIsLogged() throws Exception {
        // an address nowhere yet: erased ahead of its arrival, so a later extract drops it
        CliRun erase = CliRun.run(config, "privacy", "erase", "--customer", "Zed@Example.com", "--reason", "ticket 7");
        assertThat(erase.exitCode()).as(erase.err()).isZero();
        assertThat(erase.out()).startsWith("erased ").doesNotContainIgnoringCase("zed@example.com");

        CliRun export = CliRun.run(config, "privacy", "export", "--customer", "zed@example.com", "--out",
                dir.resolve("access.json").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readString(dir.resolve("access.json"))).contains("\"erased\" : true", "\"suppressed\" : true",
                "zed@example.com");

        CliRun log = CliRun.run(config, "privacy", "log");
        assertThat(log.out()).contains("erased", "ticket 7", "suppressed").doesNotContain("@");

        CliRun noKeyErase = CliRun.run(noKey, "privacy", "erase", "--customer", "zed@example.com");
        assertThat(noKeyErase.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKeyErase.err()).startsWith("sendtime: the privacy key is not set").hasLineCount(1);
    }

    @Test
    void theLogOfANewInstallIsEmpty() {
        CliRun log = CliRun.run(config, "privacy", "log");
        assertThat(log.exitCode()).as(log.err()).isZero();
        assertThat(log.out()).isEqualTo("no erasures or suppressions yet\n");
    }

    @Test
    void withoutTheKeyNothingIsStoredAndTheErrorSaysWhatToSet() {
        CliRun r = CliRun.run(noKey, "privacy", "suppress", "--email", "eve@example.com");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("sendtime: the privacy key is not set").contains("SENDTIME_TEST_NO_SUCH_VARIABLE")
                .hasLineCount(1);
    }

    @Test
    void aBadImportIsOneLine() throws Exception {
        Path noEmail = Files.writeString(dir.resolve("x.csv"), "id,name\n1,x\n");
        CliRun missing = CliRun.run(config, "privacy", "suppress", "--import", dir.resolve("none.txt").toString());
        CliRun format = CliRun.run(config, "privacy", "suppress", "--import", noEmail.toString(), "--format", "mailchimp");
        CliRun column = CliRun.run(config, "privacy", "suppress", "--import", noEmail.toString(), "--format", "sendgrid-csv");

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read").hasLineCount(1);
        assertThat(format.err()).contains("plain, sendgrid-csv or braze-csv").hasLineCount(1);
        assertThat(column.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(column.err()).contains("no email column").hasLineCount(1);
    }
}
