package io.sendtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL is read at run time from the configured directory, the jar's copy where a file is missing there. */
class SqlFilesTest {

    @TempDir
    Path dir;

    @AfterEach
    void noDirectory() {
        System.clearProperty("sendtime.sql-dir");
    }

    @Test
    void aFileInTheDirectoryWinsAndTheJarFillsTheRest() throws Exception {
        // given a directory that changes one query
        Files.createDirectories(dir.resolve("inspect"));
        Files.writeString(dir.resolve("inspect/profile_count.sql"), "SELECT 42 AS n");
        System.setProperty("sendtime.sql-dir", dir.toString());

        // then that query comes from it, the others from the jar
        assertThat(SqlFiles.text("inspect/profile_count.sql")).isEqualTo("SELECT 42 AS n");
        assertThat(SqlFiles.text("inspect/freshness.sql")).contains("FROM load_log");
        assertThat(SqlFiles.location("inspect", "file:")).isEqualTo("file:" + dir.resolve("inspect").toAbsolutePath());
        assertThat(SqlFiles.location("warehouse", "filesystem:")).isEqualTo("classpath:sql/warehouse");
    }

    @Test
    void nothingOutsideTheDirectoryIsRead() throws Exception {
        // given a file next to the directory, named with ..
        Path sqlDir = Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("secret.sql"), "SELECT 'not sendtime''s'");
        System.setProperty("sendtime.sql-dir", sqlDir.toString());

        assertThatThrownBy(() -> SqlFiles.text("../secret.sql")).hasMessageContaining("missing SQL file sql/../secret.sql");
    }
}
