package io.sendtime.erase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * An erasure killed after each of its steps (its own JVM, halted as a crash would stop it) leaves every
 * manifest listing files that exist and read whole (the old ones or the new ones, never a mix), and running
 * it again completes it.
 */
class ErasureCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anErasureKilledAfterAnyStepLeavesOldOrNewFilesAndARerunCompletesIt() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-privacy-key-0123456789");
        Path var = dir.resolve("var");
        try (SampleLake lake = new SampleLake(var, ErasureTest.properties(key))) {
            Warehouse warehouse = ErasureTest.loadAndRender(lake, true);
            ErasureTest.Person person = ErasureTest.Person.withACart(warehouse);
            Path config = dir.resolve("sendtime.yaml");
            Files.writeString(config, """
                    sendtime:
                      var-dir: %s
                      privacy:
                        key-file: %s
                    """.formatted(var, key));

            for (String step : Erasure.STEPS.subList(0, Erasure.STEPS.size() - 1)) {
                // when an erasure is killed right after this step
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m", "-D" + Erasure.HALT_AFTER + "=" + step, "-cp", System.getProperty("java.class.path"),
                        "io.sendtime.cli.Main", "privacy", "erase", "--customer", person.email(), "--config",
                        config.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("halted after " + step + ": " + Files.readString(dir.resolve("child.log")))
                        .isEqualTo(137);

                // then the lake is consistent: every manifest lists files that are there and read whole
                assertThat(dangling(var)).as("after " + step).isEmpty();
            }

            // when the erasure runs again, it completes
            lake.app.get(EraseService.class).run(new EraseRequest(person.email(), "rerun after a crash"));
            assertThat(dangling(var)).isEmpty();
            assertThat(PersonalDataScan.scan(var, person.needles())).isEmpty();
        }
    }

    /** Files a raw or curated manifest lists that are missing or cannot be read. */
    private static List<String> dangling(Path var) throws Exception {
        Path lakeDir = var.resolve("lake");
        List<String> problems = new java.util.ArrayList<>();
        try (Stream<Path> manifests = Stream.concat(walk(lakeDir.resolve("raw/_manifests")),
                walk(lakeDir.resolve("curated/_manifests")));
             Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Path manifest : manifests.filter(p -> p.toString().endsWith(".json")).toList()) {
                for (JsonNode entity : JSON.readTree(manifest.toFile()).path("entities")) {
                    for (JsonNode file : entity.path("files")) {
                        Path path = lakeDir.resolve(file.asText());
                        if (!Files.isRegularFile(path)) {
                            problems.add(manifest.getFileName() + " lists missing " + file.asText());
                            continue;
                        }
                        try (Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + path + "')")) {
                            rs.next();
                        } catch (java.sql.SQLException e) {
                            problems.add(manifest.getFileName() + " lists unreadable " + file.asText());
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static Stream<Path> walk(Path dir) throws java.io.IOException {
        return Files.isDirectory(dir) ? Files.walk(dir) : Stream.empty();
    }
}
