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
        return jobRepository.query(SqlFiles.text("jobrepo/suppression/log.sql"), Map.of("limit", limit),
                (rs, i) -> new Event(Instant.parse(rs.getString(1)), "suppressed", rs.getString(2), rs.getString(3),
                        rs.getString(4).substring(0, 12)));
    }
}
