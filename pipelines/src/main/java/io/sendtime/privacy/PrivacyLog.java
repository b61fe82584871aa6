package io.sendtime.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.sendtime.config.SqlFiles;

/**
 * What {@code privacy log} shows: the suppressions (erasures join them when they exist) with their times,
 * reasons and channels, and no personal data: an entry is named by the first digits of its keyed hash.
 */
public final class PrivacyLog {

    /** One entry: when, what was done, why, who reported it, and a reference that names no one. */
    public record Event(Instant at, String what, String reason, String source, String reference) {}

    private PrivacyLog() {
    }

    /** The newest {@code limit} events, newest first, read from the job repository. */
    public static List<Event> recent(NamedParameterJdbcTemplate jobRepository, int limit) {
        List<Event> events = new java.util.ArrayList<>(jobRepository.query(SqlFiles.text("jobrepo/suppression/log.sql"),
                Map.of("limit", limit), (rs, i) -> new Event(Instant.parse(rs.getString(1)), "suppressed", rs.getString(2),
                        rs.getString(3), rs.getString(4).substring(0, 12))));
        try {
            events.addAll(jobRepository.query(SqlFiles.text("jobrepo/erasure/log.sql"), Map.of("limit", limit),
                    (rs, i) -> new Event(Instant.parse(rs.getString(1)), rs.getString(2) == null ? "erasing" : "erased",
                            rs.getString(3), rs.getInt(4) + " identifiers", rs.getString(5).substring(0, 12))));
        } catch (org.springframework.dao.DataAccessException e) {
            // a job repository from before the erasure ledger: no erasures yet
        }
        events.sort(java.util.Comparator.comparing(Event::at).reversed());
        return events.subList(0, Math.min(limit, events.size()));
    }
}
