package io.sendtime.warehouse;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.config.SqlFiles;

/**
 * A statement typed into {@code sendtime sql}: exactly one query, as DuckDB's own parser reads it (a
 * SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one). The connection it runs on
 * refuses files, extensions and settings ({@link Warehouse#read}); this refuses everything that is not
 * one query before it runs.
 */
public final class ShellStatement {

    /** What the shell runs, for the message that refuses anything else. */
    public static final String ALLOWED = "one query per call: SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE"
            + " or EXPLAIN of one";

    private static final Pattern EXPLAIN = Pattern.compile("(?is)\\s*EXPLAIN(\\s+ANALYZE)?\\s+(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShellStatement() {
    }

    /** @throws WarehouseException.Refused when {@code sql} is not exactly one query */
    public static void check(Handle h, String sql) {
        Matcher explain = EXPLAIN.matcher(sql);
        String query = explain.matches() ? explain.group(2) : sql;
        if (query.isBlank()) {
            throw new WarehouseException.Refused("sql runs " + ALLOWED + "; the statement is empty");
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(h.createQuery(SqlFiles.text("shell/parse.sql")).bind("statement", query)
                    .mapTo(String.class).one());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read DuckDB's parse of the statement", e);
        }
        if (parsed.path("error").asBoolean()) {
            String message = parsed.path("error_message").asText("");
            if (message.startsWith("Only SELECT statements")) {
                throw new WarehouseException.Refused("sql runs " + ALLOWED + ", not " + firstWord(query)
                        + " (the warehouse is read-only here: only the load and render jobs write it)");
            }
            throw new WarehouseException.Refused(message.lines().findFirst().orElse(message));
        }
        int statements = parsed.path("statements").size();
        if (statements != 1) {
            throw new WarehouseException.Refused("sql runs " + ALLOWED + "; this holds " + statements + " statements");
        }
    }

    private static String firstWord(String sql) {
        String word = sql.strip().split("[\\s(;]", 2)[0];
        return word.isEmpty() ? "an empty statement" : word.toUpperCase(Locale.ROOT);
    }
}
