package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The render reads its recipients streamed ({@link RenderPipeline.Streamed}, sql/render/stream_results.sql): DuckDB
 * makes the rows as they are read rather than all of them first, and the connection is back to whole results after.
 */
class StreamedResultsTest {

    @Test
    void rowsComeAsTheyAreReadAndTheConnectionIsWholeAgainAfter() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (RenderPipeline.Streamed streamed = RenderPipeline.Streamed.on(c);
                 Statement reading = c.createStatement();
                 ResultSet rs = reading.executeQuery("SELECT i FROM range(100000) r(i)")) {
                assertThat(rs.next()).isTrue();
                // a streamed result is still being made: nothing else may run on the connection meanwhile
                assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT 1").close();
                    }
                }).hasMessageContaining("open result");
            }
            assertThat(setting(c)).isEqualTo("false");
            try (Statement s = c.createStatement(); ResultSet first = s.executeQuery("SELECT i FROM range(100000) r(i)");
                 Statement other = c.createStatement();
                 ResultSet second = other.executeQuery("SELECT 42")) {
                assertThat(second.next()).isTrue();
                assertThat(first.next()).as("a whole result stays readable while another statement runs").isTrue();
            }
        }
    }

    private static String setting(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('jdbc_stream_results')::VARCHAR")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
