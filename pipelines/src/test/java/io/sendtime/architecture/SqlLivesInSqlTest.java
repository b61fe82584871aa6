package io.sendtime.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * SQL lives in the top-level sql/ folder, never in Java string literals, and values are bound, never
 * quoted by hand. ArchUnit sees classes, not string literals, so this reads the sources.
 */
class SqlLivesInSqlTest {

    private static final Path SOURCES = Path.of("src", "main", "java");

    /** A string literal or text block whose text starts like a SQL statement (keywords in capitals, as the project writes SQL). */
    private static final Pattern SQL_LITERAL = Pattern.compile(
            "(\"\"\"\\s*|(?<!\\\\)\")\\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|SET|COPY|WITH|MERGE|PRAGMA|ATTACH|"
                    + "INSTALL|LOAD|EXPORT|IMPORT|TRUNCATE|VALUES|FROM)\\b[^\"]*?(\\s|\\(|\\*|;|\")");
    /** Quoting a value by hand for SQL. */
    private static final Pattern HAND_QUOTING = Pattern.compile("replace\\(\\s*\"'\"\\s*,\\s*\"''\"\\s*\\)");

    @Test
    void noSqlStatementIsWrittenInJava() throws IOException {
        List<String> found = scan(SQL_LITERAL);
        assertThat(found).as("SQL in Java string literals: move it to a file in sql/ (SqlFiles, SqlScript)").isEmpty();
    }

    @Test
    void noValueIsQuotedByHand() throws IOException {
        List<String> found = scan(HAND_QUOTING);
        assertThat(found).as("values quoted by hand: bind them as parameters or DuckDB variables").isEmpty();
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        assertThat(SQL_LITERAL.matcher("String q = \"SELECT count(*) FROM profiles\";").find()).isTrue();
        assertThat(SQL_LITERAL.matcher("h.execute(\"SET VARIABLE x = 1\")").find()).isTrue();
        assertThat(SQL_LITERAL.matcher("h.createQuery(\"\"\"\n    SELECT * FROM t\"\"\")").find()).isTrue();
        assertThat(SQL_LITERAL.matcher("throw new X(\"selected recipients: \" + n)").find()).isFalse();
        assertThat(SQL_LITERAL.matcher("out.println(\"set the token in SENDTIME_CRM_TOKEN\")").find()).isFalse();
        assertThat(HAND_QUOTING.matcher("f.replace(\"'\", \"''\")").find()).isTrue();
    }

    private static List<String> scan(Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    found.add(SOURCES.relativize(file) + ":" + line + ": " + m.group().strip());
                }
            }
        }
        return found;
    }
}
