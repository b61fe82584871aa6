package io.sendtime.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code sendtime.serve}: the webhook receiver of {@code sendtime serve}.
 *
 * @param enabled     set by {@code sendtime serve} only: the receiver exists in that process and no other
 * @param log         the durable event log received events are on before they are acknowledged
 * @param maxBody     the largest request body taken (413 past it)
 * @param retryAfter  what a 503 asks the sender to wait (the log is full, or the job repository is unreachable)
 * @param commit      when the committer turns the log into a raw lake run
 * @param dedupWindow how long an event id is remembered (senders retry for about 72 hours)
 * @param storefront  {@code POST /v1/events}
 * @param esp         {@code POST /v1/esp/<provider>}: per email service, how its events map to sendtime's
 */
@ConfigurationProperties("sendtime.serve")
public record ServeSettings(boolean enabled, Log log, DataSize maxBody, Duration retryAfter, Commit commit,
                            Duration dedupWindow, Storefront storefront, Map<String, EspMapping.Provider> esp) {

    /** The raw lake source the received events are committed as. */
    public static final String SOURCE = "webhooks";

    /**
     * @param dir      where the segments and the remembered ids are kept (local disk: it is fsynced)
     * @param capacity the most the log holds before the server answers 503 (backpressure)
     * @param fsync    false only to measure what durability costs ({@code bench ingest})
     */
    public record Log(Path dir, org.springframework.util.unit.DataSize capacity, Boolean fsync) {
        public Log {
            capacity = capacity == null ? DataSize.ofMegabytes(256) : capacity;
            fsync = fsync == null ? Boolean.TRUE : fsync;
        }
    }

    /**
     * @param interval  a run at most this often (when there is anything to commit): an event is in the lake within
     *                  about this long
     * @param maxEvents a run as soon as this many events wait, whatever the interval
     */
    public record Commit(Duration interval, Integer maxEvents) {
        public Commit {
            interval = interval == null ? Duration.ofSeconds(45) : interval;
            maxEvents = maxEvents == null || maxEvents <= 0 ? 100_000 : maxEvents;
        }
    }

    /** @param secretEnv the environment variable holding the Standard Webhooks secret ({@code whsec_...}) */
    public record Storefront(String secretEnv) {
        public Storefront {
            secretEnv = secretEnv == null || secretEnv.isBlank() ? "SENDTIME_WEBHOOK_SECRET" : secretEnv;
        }
    }

    public ServeSettings {
        log = log == null ? new Log(null, null, null) : log;
        maxBody = maxBody == null ? DataSize.ofMegabytes(4) : maxBody;
        retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
        commit = commit == null ? new Commit(null, null) : commit;
        dedupWindow = dedupWindow == null ? Duration.ofHours(72) : dedupWindow;
        storefront = storefront == null ? new Storefront(null) : storefront;
        esp = esp == null ? Map.of() : Map.copyOf(esp);
    }

    /** The log directory, under the var directory unless configured. */
    public Path logDir(Path varDir) {
        return log.dir() != null ? log.dir() : varDir.resolve("events");
    }
}
