package io.sendtime.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;

/**
 * A {@code .sql} file of the project's {@code sql/} directory (on the classpath as {@code sql/...}):
 * statements end with a semicolon at the end of a line. {@code ${name}} placeholders are replaced from
 * a map of values the code controls (table names, numbers from typed settings), never from data.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private final String name;
    private final String text;

    private SqlScript(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** {@code sql/<path>} from the classpath. */
    public static SqlScript load(String path) {
        String resource = "sql/" + path;
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL file " + resource + " on the classpath");
            }
            return new SqlScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Whether {@code sql/<path>} exists on the classpath. */
    public static boolean exists(String path) {
        return SqlScript.class.getClassLoader().getResource("sql/" + path) != null;
    }

    public String name() {
        return name;
    }

    /** The statements with placeholders replaced; an unknown placeholder is a programming error. */
    public List<String> statements(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
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
        for (String statement : statements(values)) {
            // plain JDBC: the SQL is DuckDB's own, with casts (::) and lambdas Jdbi's parser must not see
            try (java.sql.Statement jdbc = handle.getConnection().createStatement()) {
                jdbc.execute(statement);
            } catch (java.sql.SQLException | RuntimeException e) {
                throw new WarehouseException(name + ": " + firstCodeLine(statement) + ": "
                        + Warehouse.firstLine(rootCause(e)), e);
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

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
