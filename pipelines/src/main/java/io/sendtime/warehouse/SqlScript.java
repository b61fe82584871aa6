package io.sendtime.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import io.sendtime.config.ErrorMessages;
import io.sendtime.config.SqlFiles;

/**
 * A {@code .sql} file of the project's {@code sql/} directory ({@link SqlFiles}): statements end with a
 * semicolon at the end of a line. {@code ${name}} placeholders are replaced from a map of values the code
 * controls (table names, numbers from typed settings, operator-written filters), never from data; data
 * is bound as parameters ({@code :name}) or set as DuckDB variables first.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private final String name;
    private final String text;

    private SqlScript(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** {@code sql/<path>}: from the SQL directory when it has the file, else the jar ({@link SqlFiles}). */
    public static SqlScript load(String path) {
        return new SqlScript("sql/" + path, SqlFiles.text(path));
    }

    /** Whether {@code sql/<path>} exists. */
    public static boolean exists(String path) {
        return SqlFiles.exists(path);
    }

    public String name() {
        return name;
    }

    /** The statements with placeholders replaced; an unknown placeholder is a programming error. */
    public List<String> statements(Map<String, String> values) {
        // whole-line comments go first: they may name placeholders, and hold quotes a parameter parser misreads
        String code = text.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
        Matcher m = PLACEHOLDER.matcher(code);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(name + ": no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        m.appendTail(sql);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.toString().split("\n", -1)) {
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                addIfCode(statements, current.toString());
                current.setLength(0);
            }
        }
        addIfCode(statements, current.toString());
        return statements;
    }

    /** Runs every statement on {@code handle}; a failure names this file and the statement's first line. */
    public void run(Handle handle, Map<String, String> values) {
        run(handle, values, Map.of());
    }

    /**
     * Runs every statement, binding {@code parameters} to the statements that name them ({@code :name});
     * a failure names this file and the statement's first line.
     */
    public void run(Handle handle, Map<String, String> values, Map<String, ?> parameters) {
        for (String statement : statements(values)) {
            Map<String, Object> used = new LinkedHashMap<>();
            parameters.forEach((k, v) -> {
                if (Pattern.compile(":" + Pattern.quote(k) + "\\b").matcher(statement).find()) {
                    used.put(k, v);
                }
            });
            try {
                if (used.isEmpty()) {
                    // plain JDBC: the SQL is DuckDB's own, with lambdas and slices no parameter parser should see
                    try (java.sql.Statement jdbc = handle.getConnection().createStatement()) {
                        jdbc.execute(statement);
                    }
                } else {
                    var update = handle.createUpdate(statement);
                    used.forEach((k, v) -> {
                        if (v == null) {
                            update.bindByType(k, null, String.class);
                        } else {
                            update.bind(k, v);
                        }
                    });
                    update.execute();
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                throw new WarehouseException(name + ": " + firstCodeLine(statement) + ": "
                        + ErrorMessages.message(ErrorMessages.rootCause(e)), e);
            }
        }
    }

    private static void addIfCode(List<String> statements, String statement) {
        if (!firstCodeLine(statement).isEmpty()) {
            statements.add(statement.strip());
        }
    }

    private static String firstCodeLine(String statement) {
        return statement.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--"))
                .findFirst().orElse("");
    }
}
