package io.sendtime.render;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sendtime.config.ErrorMessages;
import io.sendtime.lake.ExportPublisher;
import io.sendtime.lake.Lake;

/**
 * For open-time content, each campaign's newest published lookups ({@link RenderLookups}): of the current renders of
 * all its sends (each send's {@code _current.json}), the one rendered last. Held in memory and looked at again every
 * {@code refresh} by one background thread; a newer render's lookups replace the held ones whole (one reference
 * swap), so a request resolves against one render's lookups only. Reads the lake, never the warehouse.
 */
final class NewestLookups implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NewestLookups.class);

    private record Held(RenderLookups.Published published) {}

    private final Lake lake;
    private final ExportPublisher exports;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "content-lookups");
        t.setDaemon(true);
        return t;
    });

    NewestLookups(Lake lake, Duration refresh) {
        this.lake = lake;
        this.exports = new ExportPublisher(lake);
        looker.scheduleWithFixedDelay(this::lookAgain, refresh.toNanos(), refresh.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Looks again for newer lookups of every campaign held. */
    private void lookAgain() {
        for (String campaignId : held.keySet()) {
            look(campaignId);
        }
    }

    /** Loads the newest lookups of every campaign that has exports, in the background. */
    void warmUp() {
        looker.submit(() -> {
            try {
                Path exportsDir = lake.path("exports");
                if (lake.fileSystem().exists(exportsDir)) {
                    for (FileStatus campaign : lake.fileSystem().listStatus(exportsDir)) {
                        if (campaign.isDirectory()) {
                            look(campaign.getPath().getName());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("content: cannot list the exports: {}", ErrorMessages.message(e));
            }
        });
    }

    /**
     * The campaign's newest published lookups: those held (looked at again every {@code refresh} in the background),
     * looked for now when none are held yet.
     *
     * @throws ContentFallback {@code no-render} when no render of the campaign published lookups
     */
    RenderLookups.Published of(String campaignId) {
        Held h = held.get(campaignId);
        if (h == null) {
            synchronized (this) {
                h = held.get(campaignId);
                if (h == null) {
                    look(campaignId);
                    h = held.get(campaignId);
                }
            }
        }
        if (h == null || h.published() == null) {
            throw new ContentFallback("no-render");
        }
        return h.published();
    }

    /** Finds the campaign's newest render with lookups and holds its lookups, unless they are held already. */
    private void look(String campaignId) {
        Held before = held.get(campaignId);
        RenderLookups.Published published = before == null ? null : before.published();
        try {
            Path newest = null;
            Instant newestAt = null;
            FileSystem fs = lake.fileSystem();
            Path campaignDir = lake.path("exports/" + campaignId);
            if (fs.exists(campaignDir)) {
                for (FileStatus send : fs.listStatus(campaignDir)) {
                    ExportPublisher.Current current = send.isDirectory() ? exports.current(send.getPath()) : null;
                    if (current == null) {
                        continue;
                    }
                    Path render = new Path(send.getPath(), current.render());
                    Instant at = RenderLookups.renderAt(lake, render);
                    if (at != null && (newestAt == null || at.isAfter(newestAt))) {
                        newest = render;
                        newestAt = at;
                    }
                }
            }
            if (newest != null && (published == null || !published.renderAt().equals(newestAt)
                    || !published.render().equals(newest.getName()))) {
                published = RenderLookups.read(lake, newest);
                log.info("content: {} resolves against the lookups of render {} of send {} ({} products)", campaignId,
                        published.render(), published.send(), published.products().size());
            }
        } catch (IOException | RuntimeException e) {
            // a render removed while it was read (a newer one of its send was published): the next look finds that one
            log.warn("content: cannot read the newest lookups of {}: {}", campaignId, ErrorMessages.message(e));
        }
        held.put(campaignId, new Held(published));
    }

    @Override
    public void close() {
        looker.shutdownNow();
    }
}
