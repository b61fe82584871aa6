package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export the render threads write ({@link ExportFiles}): the columns and types DuckDB's own export had (other
 * readers open it), one JSON object per line whatever a reader takes for a line break, and nothing committed when
 * the render fails.
 */
class ExportFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CHECKED = Instant.parse("2026-12-02T10:57:25.896271Z");

    @TempDir
    Path dir;

    @Test
    void writesTheColumnsDuckDbReadsAndOneLinePerRecipient() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("first_name", "Zoë\u2028\u2029\u0085");
        tokens.put("subject", "Hi \"there\" <b>&</b>");
        tokens.put("empty", "");
        try (ExportFiles export = new ExportFiles(dir, "win-back", "s1", CHECKED, "2026-12-02 10:57:25.896271+00")) {
            write(export, new RenderedRecipient("k1", "a", tokens, List.of(), null), "a@example.com");
            write(export, new RenderedRecipient("k2", "b", Map.of("first_name", "Bo"), List.of(), null), null);
            assertThat(export.written()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(dir.resolve("recipients.jsonl"));
        String text = Files.readString(dir.resolve("recipients.jsonl"));
        assertThat(text.split("\\R")).as("no reader splits a record").hasSize(2);
        assertThat(text).doesNotContain("\u2028", "\u2029", "\u0085").endsWith("}\n");
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(lines.get(0)).startsWith("{\"email\":\"a@example.com\",\"customer_key\":\"k1\",\"variant\":\"a\","
                + "\"consent_checked_at\":\"2026-12-02 10:57:25.896271+00\",\"dynamic_template_data\":{\"first_name\":");
        assertThat(first.get("dynamic_template_data").get("first_name").asText()).isEqualTo("Zoë\u2028\u2029\u0085");
        assertThat(first.get("dynamic_template_data").get("subject").asText()).isEqualTo("Hi \"there\" <b>&</b>");
        assertThat(first.get("custom_args").toString()).isEqualTo("{\"sendtime_campaign\":\"win-back\",\"sendtime_send\":\"s1\","
                + "\"sendtime_variant\":\"a\",\"sendtime_customer\":\"k1\"}");
        assertThat(JSON.readTree(lines.get(1)).get("email").isNull()).isTrue();
        assertThat(new String(ExportFiles.jsonLine("win-back", "s1", "2026-12-02 10:57:25.896271+00",
                new RenderedRecipient("k1", "a", tokens, List.of(), null), "a@example.com"), StandardCharsets.UTF_8))
                .as("the render benchmark's reference serializes what the export writes").isEqualTo(lines.get(0) + "\n");

        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duckdb.createStatement()) {
            String file = dir.resolve("token_sets.parquet").toString().replace("'", "''");
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                Map<String, String> columns = new LinkedHashMap<>();
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
                assertThat(columns).containsExactly(Map.entry("customer_key", "VARCHAR"), Map.entry("email", "VARCHAR"),
                        Map.entry("variant", "VARCHAR"), Map.entry("tokens", "MAP(VARCHAR, VARCHAR)"),
                        Map.entry("consent_checked_at", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("custom_args", "MAP(VARCHAR, VARCHAR)"));
            }
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT tokens['subject'], map_keys(tokens)::VARCHAR, consent_checked_at::VARCHAR,"
                    + " custom_args['sendtime_customer'], email, variant, tokens['first_name']"
                    + " FROM read_parquet('" + file + "') ORDER BY customer_key")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Hi \"there\" <b>&</b>");
                assertThat(rs.getString(2)).as("the campaign's token order").isEqualTo("[first_name, subject, empty]");
                assertThat(rs.getString(3)).isEqualTo("2026-12-02 10:57:25.896271+00");
                assertThat(rs.getString(4)).isEqualTo("k1");
                assertThat(rs.getString(5)).isEqualTo("a@example.com");
                assertThat(rs.getString(6)).isEqualTo("a");
                assertThat(rs.getString(7)).as("text in UTF-8, as it was").isEqualTo("Zoë\u2028\u2029\u0085");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(5)).isNull();
                assertThat(rs.getString(6)).isEqualTo("b");
            }
        }
    }

    @Test
    void aFailedRenderCommitsNoTokenSets() throws Exception {
        ExportFiles export = new ExportFiles(dir, "win-back", "s1", CHECKED, "2026-12-02 10:57:25.896271+00");
        write(export, new RenderedRecipient("k1", "a", Map.of("first_name", "Al"), List.of(), null), "a@example.com");
        export.abandon();
        assertThat(dir.resolve("token_sets.parquet")).as("publish.sql never loads half a render").doesNotExist();
    }

    @Test
    void aMissingCustomerKeyOrTokenValueFailsNamingTheField() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("first_name", null);
        try (ExportFiles export = new ExportFiles(dir, "win-back", "s1", CHECKED, "2026-12-02 10:57:25.896271+00")) {
            assertThatThrownBy(() -> write(export, new RenderedRecipient(null, "a", Map.of("x", "y"), List.of(), null),
                    "a@example.com")).hasStackTraceContaining("customer_key");
            assertThatThrownBy(() -> write(export, new RenderedRecipient("k1", "a", tokens, List.of(), null),
                    "a@example.com")).hasStackTraceContaining("map field: tokens");
            export.abandon();
        }
    }

    /** As the render writes a recipient: the line made (on a render thread), then both files written. */
    private static void write(ExportFiles export, RenderedRecipient r, String email) {
        export.write(export.row(r, email));
    }
}
