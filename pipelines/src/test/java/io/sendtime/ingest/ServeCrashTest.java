package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.TestApp;
import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;

/**
 * {@code sendtime serve} killed with SIGKILL while clients stream events (the committer running every second, so the
 * kill lands in any phase): after a restart, and after the clients retried what was not acknowledged, every event is
 * in the lake exactly once, every acknowledged one among them; a SIGTERM then stops the server with exit code 0.
 */
class ServeCrashTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int CLIENTS = 4;
    private static final int BATCH = 25;

    @TempDir
    Path dir;

    @Test
    void killedWhileClientsStreamLosesNoAcknowledgedEventAndDuplicatesNone() throws Exception {
        Path config = dir.resolve("sendtime.yaml");
        Files.writeString(config, "sendtime:\n  var-dir: " + dir + "\n  privacy:\n    key-env: SENDTIME_TEST_PRIVACY_KEY_UNSET\n"
                + "  serve:\n    commit:\n      interval: 1s\n");
        TestApp.writeTestKey(dir.resolve("privacy.key"));

        Server server = Server.start(config);
        WebhookSender sender = new WebhookSender().to("http://127.0.0.1:" + server.port);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<List<String>> unacknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean streaming = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                for (int batch = 0; streaming.get(); batch++) {
                    List<String> ids = ids(client, batch);
                    try {
                        HttpResponse<String> answer = sender.storefront(ServeTest.storefrontEvents(ids.toArray(String[]::new)));
                        if (answer.statusCode() == 200) {
                            acknowledged.addAll(ids);
                            continue;
                        }
                    } catch (Exception e) {
                        // the server is gone mid-request: not acknowledged
                    }
                    unacknowledged.add(ids);
                    return;
                }
            });
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < 3_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        server.process.destroyForcibly(); // SIGKILL mid-stream: no shutdown hook, no last commit
        server.process.waitFor();
        streaming.set(false);
        for (Thread t : clients) {
            t.join();
        }
        int acked = acknowledged.size();
        assertThat(acked).as("acknowledged before the kill").isGreaterThanOrEqualTo(3_000);

        Server again = Server.start(config);
        sender.to("http://127.0.0.1:" + again.port);
        // the clients retry what was not acknowledged, and (as senders do after a timeout) one acknowledged batch
        List<List<String>> retries = new ArrayList<>(unacknowledged);
        retries.add(ids(0, 0));
        for (List<String> ids : retries) {
            HttpResponse<String> answer = sender.storefront(ServeTest.storefrontEvents(ids.toArray(String[]::new)));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        // SIGTERM, as a service manager stops it (Process.destroy would close the pipe its last lines come through)
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(again.process.pid())).start().waitFor()).isZero();
        assertThat(again.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.process.exitValue()).as("a graceful stop on SIGTERM").isZero();

        List<String> stored = storedIds();
        Set<String> expected = new java.util.HashSet<>(acknowledged);
        unacknowledged.forEach(expected::addAll);
        assertThat(stored).as("nothing stored twice").doesNotHaveDuplicates();
        assertThat(stored).as("every acknowledged event, and every retried one").containsAll(expected);
        assertThat(new java.util.HashSet<>(stored)).as("and nothing else").isEqualTo(expected);
        assertThat(Collections.frequency(stored, "c0_b0_0")).isEqualTo(1);
        assertThat(again.output()).contains("sendtime serve: stopped");
    }

    private static List<String> ids(int client, int batch) {
        return IntStream.range(0, BATCH).mapToObj(i -> "c" + client + "_b" + batch + "_" + i).toList();
    }

    private List<String> storedIds() {
        Lake lake = new Lake(dir.resolve("lake").toUri(), Map.of());
        List<String> out = new ArrayList<>();
        for (RunManifest run : new RunManifests(lake).all(ServeSettings.SOURCE)) {
            RunManifest.EntityFiles files = run.entities().get(LoggedEvent.STOREFRONT_EVENTS);
            if (files != null) {
                for (String f : files.files()) {
                    for (GenericRecord r : new ParquetFiles(lake).readAll(lake.path(f))) {
                        out.add(r.get("id").toString());
                    }
                }
            }
        }
        return out;
    }

    /** {@code sendtime serve} in a JVM of its own, as the launcher runs it. */
    private record Server(Process process, int port, StringBuffer out, Thread drain) {

        static Server start(Path config) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.sendtime.cli.Main",
                    "serve", "--port", "0", "--config", config.toString()).redirectErrorStream(true);
            builder.environment().put("SENDTIME_WEBHOOK_SECRET", WebhookSender.SECRET);
            Process process = builder.start();
            StringBuffer out = new StringBuffer();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String line;
            while (port < 0 && (line = reader.readLine()) != null) {
                out.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("sendtime serve did not start: " + out);
            }
            Thread drain = new Thread(() -> {
                try {
                    String l;
                    while ((l = reader.readLine()) != null) {
                        out.append(l).append('\n');
                    }
                } catch (java.io.IOException e) {
                    // the process is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            // wait for the status lines (printed before the server counts as started)
            Thread.sleep(200);
            return new Server(process, port, out, drain);
        }

        String output() throws InterruptedException {
            drain.join(10_000);
            return out.toString();
        }
    }
}
