package io.sendtime.privacy;

import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.sendtime.config.SqlFiles;

/**
 * How this install's customer keys are made ({@code sendtime_key_scheme}): keyed hashes, or plain SHA-256 hashes
 * of addresses issued by a version before keyed keys, which anyone could recompute from an address. The
 * transform checks it before it derives a key: a fresh install is marked keyed, a plain one is refused until
 * {@code privacy rekey} has made every key again.
 */
@Component
public class KeyScheme {

    public static final String KEYED = "keyed";

    private final NamedParameterJdbcTemplate jdbc;

    public KeyScheme(NamedParameterJdbcTemplate jobRepositoryJdbc) {
        this.jdbc = jobRepositoryJdbc;
    }

    /**
     * Marks a fresh install keyed; refuses (one line) an install whose keys are plain hashes.
     *
     * @throws IllegalStateException for plain keys, naming the command that re-keys
     */
    public void requireKeyed() {
        if (isKeyed()) {
            return;
        }
        if (hasPlainKeys()) {
            throw new IllegalStateException("this install's customer keys are plain SHA-256 hashes of addresses (issued"
                    + " before keyed keys): run ./sendtime privacy rekey --yes once (docs/privacy.md, re-keying)");
        }
        markKeyed();
    }

    /** Whether keys were issued before keyed keys (identities, and no scheme). */
    public boolean hasPlainKeys() {
        return !isKeyed() && jdbc.queryForObject(SqlFiles.text("jobrepo/keys/identities.sql"), Map.of(), Long.class) > 0;
    }

    public boolean isKeyed() {
        return jdbc.queryForList(SqlFiles.text("jobrepo/keys/scheme.sql"), Map.of(), String.class).contains(KEYED);
    }

    public void markKeyed() {
        if (!isKeyed()) {
            jdbc.update(SqlFiles.text("jobrepo/keys/set_scheme.sql"), Map.of("scheme", KEYED, "setAt",
                    Instant.now().toString()));
        }
    }

    /** Forgets every identity and curation record, for a re-curation from the raw lake with keyed keys. */
    public void resetCuration() {
        for (String file : java.util.List.of("reset_consumed", "reset_identity", "reset_compaction")) {
            jdbc.update(SqlFiles.text("jobrepo/keys/" + file + ".sql"), Map.of());
        }
    }
}
