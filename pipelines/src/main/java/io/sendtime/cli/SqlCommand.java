package io.sendtime.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.sendtime.warehouse.ShellStatement;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseException;

/** {@code sendtime sql "<query>"}: one query against the warehouse, read-only. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one SQL query against the DuckDB warehouse, read-only, and print the result.",
                "One query per call (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one), over",
                "the warehouse's tables only: writes, files, extensions, attached databases and settings are refused",
                "(only the load and render jobs write the warehouse).",
                "In the table, control, format and bidi characters of a value are shown as escapes (\\u001b), not sent",
                "to the terminal. In a CSV, a text cell starting with =, +, -, @, tab or carriage return gets a leading '",
                "so that a spreadsheet does not run it as a formula; --raw writes it as it is."})
public class SqlCommand implements Callable<Integer> {

    enum Format { table, csv, json }

    private static final Pattern READ_ONLY = Pattern.compile("statement of type \"(\\w+)\".*read-only");
    /** DuckDB refusing what the reader's lock-down (sql/session/reader.sql) turned off. */
    private static final Pattern LOCKED_DOWN = Pattern.compile("disabled (by|through) configuration|configuration has been locked");

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "QUERY", description = "The SQL, e.g. \"SELECT * FROM profiles LIMIT 5\".")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Print at most this many rows (default ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--raw", description = "With --format csv: write text cells as they are, formula-like ones included"
            + " (default: a leading ' keeps a spreadsheet from running them).")
    boolean raw;

    /** {@code varchar}: per column, whether it is VARCHAR (its cells are the ones a CSV neutralizes). */
    record Result(List<String> columns, List<Boolean> varchar, List<List<Object>> rows, boolean truncated) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Warehouse warehouse = SendtimeCommand.root(spec).services().read(Warehouse.class);
        Result result;
        try {
            result = warehouse.read(handle -> {
                ShellStatement.check(handle, query);
                return execute(handle.getConnection().createStatement());
            });
        } catch (WarehouseException.Busy e) {
            err.println("sendtime: " + e.getMessage());
            return ExitCodes.JOB_FAILED;
        } catch (WarehouseException e) {
            err.println("sendtime: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (SQLException e) {
            err.println("sendtime: " + TerminalText.visible(message(e))); // DuckDB may quote a value
            return ExitCodes.USAGE;
        }
        switch (format) {
            case table -> table(result, out);
            case csv -> csv(result, out);
            case json -> json(result, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Result execute(Statement statement) throws SQLException {
        try (statement) {
            if (!statement.execute(query)) {
                return new Result(List.of(), List.of(), List.of(), false);
            }
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                List<Boolean> varchar = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                    varchar.add(meta.getColumnType(i) == Types.VARCHAR);
                }
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(plain(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new Result(columns, varchar, rows, truncated);
            }
        }
    }

    /** Numbers, booleans, strings, lists and maps as such; everything else as its text. */
    private static Object plain(Object value) throws SQLException {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof java.sql.Array array) {
            List<Object> list = new ArrayList<>();
            for (Object o : (Object[]) array.getArray()) {
                list.add(plain(o));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                plain.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return plain;
        }
        return value.toString();
    }

    /** DuckDB's own first line; a refused write says why. */
    static String message(SQLException e) {
        String first = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse(e.getMessage());
        if (LOCKED_DOWN.matcher(first).find()) {
            return "sql reads the warehouse's tables only: files, extensions, attached databases and settings are"
                    + " off (" + ShellStatement.ALLOWED + ")";
        }
        Matcher readOnly = READ_ONLY.matcher(first);
        if (readOnly.find()) {
            return "sql opens the warehouse read-only: " + readOnly.group(1)
                    + " statements are refused (only the load and render jobs write it)";
        }
        return first;
    }

    /** A cell or column name as the table shows it: one line, nothing a terminal would act on. */
    private static String text(Object value) {
        return TerminalText.visible(value == null ? "NULL" : value.toString());
    }

    private void table(Result result, PrintWriter out) {
        if (result.columns().isEmpty()) {
            out.println("ok");
            return;
        }
        int n = result.columns().size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        boolean[] text = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = result.columns().get(i).length();
        }
        for (List<Object> row : result.rows()) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], text(row.get(i)).length());
                numeric[i] |= row.get(i) instanceof Number;
                text[i] |= row.get(i) != null && !(row.get(i) instanceof Number);
            }
        }
        for (int i = 0; i < n; i++) {
            numeric[i] &= !text[i]; // right-aligned: numbers (and NULLs) only
        }
        out.println(line(result.columns().stream().map(c -> (Object) c).toList(), width, numeric));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (List<Object> row : result.rows()) {
            out.println(line(row, width, numeric));
        }
        out.printf("(%d row%s%s)%n", result.rows().size(), result.rows().size() == 1 ? "" : "s",
                result.truncated() ? "; more not shown, see --max-rows" : "");
    }

    private static String line(List<Object> values, int[] width, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = text(values.get(i));
            String cell = numeric[i] ? " ".repeat(width[i] - v.length()) + v
                    : i == values.size() - 1 ? v : v + " ".repeat(width[i] - v.length());
            sb.append(i == 0 ? "" : "  ").append(cell);
        }
        return sb.toString();
    }

    private void csv(Result result, PrintWriter out) {
        if (result.columns().isEmpty()) {
            return;
        }
        // column names are text too: a PIVOT makes them from values
        out.println(String.join(",", result.columns().stream().map(c -> csvField(spreadsheetSafe(c))).toList()));
        for (List<Object> row : result.rows()) {
            List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                cells.add(v == null ? "" : csvField(result.varchar().get(i) ? spreadsheetSafe(v.toString()) : v.toString()));
            }
            out.println(String.join(",", cells));
        }
    }

    /**
     * A text cell a spreadsheet would read as a formula (it starts with =, +, -, @, tab or carriage return) with a
     * leading ' that makes it text (OWASP, CSV injection); unless --raw.
     */
    private String spreadsheetSafe(String cell) {
        return raw || cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 ? cell : "'" + cell;
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private void json(Result result, PrintWriter out) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < result.columns().size(); i++) {
                object.put(result.columns().get(i), row.get(i));
            }
            objects.add(object);
        }
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(objects));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
