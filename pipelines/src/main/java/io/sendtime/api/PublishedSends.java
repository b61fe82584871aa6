package io.sendtime.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;
import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.privacy.SuppressionList;

/**
 * The token sets the server serves: it follows what the renders publish ({@code exports/<campaign>/<send>/_current.json})
 * every {@code poll}, loads a newly published render in the background ({@link SendTokensLoader}) and swaps it in
 * whole, so each response comes from one render and every response after the swap from the new one; it keeps the
 * live suppression list's keyed hashes, and purges people as soon as the erasure ledger names them.
 */
final class PublishedSends implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishedSends.class);

    /** How long a replaced render stays readable for the requests that already hold it. */
    private static final long RETIRE_AFTER_SECONDS = 30;

    /** A send as it stands: its current render loaded, or why it could not be. */
    record Loaded(SendTokens tokens, String problem) {}

    private final ExportPublisher exports;
    private final SendTokensLoader loader;
    private final SuppressionList suppressions;
    private final ErasureLedger erasures;
    private final KeyedHash keyedHash;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sendtime-api-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Loaded> sends = new ConcurrentHashMap<>();
    private final Map<String, String> attempted = new ConcurrentHashMap<>();
    /** Replaced renders still readable by requests that hold them: erasures reach them too. */
    private final List<SendTokens> retiring = new CopyOnWriteArrayList<>();
    private volatile Set<String> suppressed = Set.of();
    private volatile boolean ready;
    private long suppressionCount = -1;
    private long erasureCount = -1;

    PublishedSends(ExportPublisher exports, ParquetFiles parquet, Path dir, SuppressionList suppressions,
                   ErasureLedger erasures, KeyedHash keyedHash) throws IOException {
        this.exports = exports;
        this.loader = new SendTokensLoader(parquet, dir);
        this.suppressions = suppressions;
        this.erasures = erasures;
        this.keyedHash = keyedHash;
        // the local copies are a cache of the lake: a restart builds them again
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().endsWith(".tokens")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    void start(java.time.Duration every) {
        poller.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the first look at the lake is done (before it, an unknown send may just not be loaded yet). */
    boolean ready() {
        return ready;
    }

    /** The send's current render, or null when none is published (or loaded yet). */
    Loaded get(String campaign, String send) {
        return sends.get(campaign + "/" + send);
    }

    /** Whether an address (by its keyed hash) is on the live suppression list. */
    boolean suppressed(String emailKeyedHash) {
        return suppressed.contains(emailKeyedHash);
    }

    /** The sends loaded, for status lines. */
    Map<String, Loaded> sends() {
        return Map.copyOf(sends);
    }

    /** One look: suppressions, erasures, then newly published renders. Never throws (the poller would stop). */
    void poll() {
        try {
            refreshSuppressions();
            purgeErasures();
            Set<String> seen = new HashSet<>();
            for (org.apache.hadoop.fs.Path send : exports.sends()) {
                String key = send.getParent().getName() + "/" + send.getName();
                seen.add(key);
                follow(key, send);
            }
            for (String gone : Set.copyOf(sends.keySet())) {
                if (!seen.contains(gone)) {
                    retire(sends.remove(gone));
                    attempted.remove(gone);
                }
            }
        } catch (RuntimeException | IOException e) {
            log.warn("sendtime serve: cannot follow the published renders: {}", ErrorMessages.oneLine(e));
        } finally {
            ready = true;
        }
    }

    private void follow(String key, org.apache.hadoop.fs.Path send) throws IOException {
        ExportPublisher.Current current = exports.current(send);
        if (current == null || current.render().equals(attempted.get(key))) {
            return;
        }
        attempted.put(key, current.render());
        long t0 = System.nanoTime();
        try {
            ExportPublisher.SendInfo info = exports.sendInfo(send, current.render());
            Loaded before = sends.get(key);
            int expected = before != null && before.tokens() != null ? before.tokens().recipients() : 0;
            SendTokens tokens = loader.load(info, new org.apache.hadoop.fs.Path(send, current.tokenSets()),
                    keyedHash.hasher(), erasures.matcher(), expected);
            retire(sends.put(key, new Loaded(tokens, null)));
            log.info("sendtime serve: serving render {} of send {} ({} recipients, {} erased since left out) after {} ms",
                    info.render(), key, tokens.recipients(), tokens.leftOut(), (System.nanoTime() - t0) / 1_000_000);
        } catch (KeyedHash.KeyMissing e) {
            // fail closed: without the key the suppression list cannot be checked
            problem(key, "the privacy key is missing: suppressions cannot be checked (" + e.getMessage() + ")");
        } catch (RuntimeException | IOException e) {
            // tried again at the next look (a render removed while it was read is replaced by a newer pointer)
            attempted.remove(key);
            problem(key, "render " + current.render() + " cannot be loaded: " + ErrorMessages.oneLine(e));
        }
    }

    private void problem(String key, String problem) {
        log.error("sendtime serve: send {}: {}", key, problem);
        Loaded before = sends.get(key);
        if (before == null || before.tokens() == null) {
            sends.put(key, new Loaded(null, problem));
        }
        // else: the previous render stays served; the problem is logged
    }

    private void refreshSuppressions() {
        long count = suppressions.count();
        if (count != suppressionCount) {
            suppressed = Set.copyOf(suppressions.hashes());
            suppressionCount = count;
        }
    }

    private void purgeErasures() throws IOException {
        long count = erasures.count();
        if (count == erasureCount) {
            return;
        }
        if (erasureCount >= 0 || count > 0) {
            Predicate<String> erased = erasures.matcher();
            List<SendTokens> held = new java.util.ArrayList<>(retiring);
            sends.values().stream().map(Loaded::tokens).filter(java.util.Objects::nonNull).forEach(held::add);
            for (SendTokens tokens : held) {
                int purged = tokens.purge(k -> erased.test("customer_key:" + k), sha -> erased.test("email_sha256:" + sha));
                if (purged > 0) {
                    log.info("sendtime serve: {} erased recipient(s) purged from render {}", purged, tokens.info().render());
                }
            }
        }
        erasureCount = count;
    }

    private void retire(Loaded replaced) {
        if (replaced != null && replaced.tokens() != null) {
            retiring.add(replaced.tokens());
            poller.schedule(() -> {
                retiring.remove(replaced.tokens());
                replaced.tokens().close();
            }, RETIRE_AFTER_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        retiring.forEach(SendTokens::close);
        sends.values().forEach(l -> {
            if (l.tokens() != null) {
                l.tokens().close();
            }
        });
        sends.clear();
    }
}
