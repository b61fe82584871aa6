package io.sendtime.lake;

import java.util.Optional;

/**
 * The profiles the load publishes for {@code sendtime serve} (a snapshot in the lake, never the DuckDB file), as the
 * server holds them for point lookups: {@code GET /v1/profiles/<id>} and the open-time content read them here.
 */
public interface ProfileLookup {

    /**
     * A profile as served.
     *
     * @param customerKey the profile's customer key
     * @param profileJson the profile as JSON: features, segments, consent state (what {@code GET /v1/profiles} answers)
     * @param contextJson the template context as JSON, in the shape sql/render/recipients.sql gives the render
     *                    (templates/README.md): product lists as ids, instants as epoch microseconds
     * @param loadId      the load that published it
     */
    record ServedProfile(String customerKey, String profileJson, String contextJson, long loadId) {}

    /** By customer key or the SHA-256 (hex) of the lowercased email; empty when unknown or erased. */
    Optional<ServedProfile> find(String recipient);
}
