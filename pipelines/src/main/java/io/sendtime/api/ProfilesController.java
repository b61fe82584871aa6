package io.sendtime.api;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.sendtime.lake.ProfileLookup;

/**
 * {@code GET /v1/profiles/<id>} (docs/profiles-api.md): the current profile of a customer key or of the SHA-256 of a
 * lowercased email, from the snapshot the load published ({@link ServedProfiles}), read-only. 200 with the profile, 404
 * for an id the snapshot does not hold (or someone erased), 503 before the first snapshot is loaded. Every read is
 * logged for audit without personal data ({@link ProfileAudit}).
 */
@RestController
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class ProfilesController {

    /** The request attribute the API's authentication sets to the client's name. */
    public static final String CLIENT = "sendtime.api.client";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ServedProfiles profiles;
    private final ProfileAudit audit;

    public ProfilesController(ServedProfiles profiles, ProfileAudit audit) {
        this.profiles = profiles;
        this.audit = audit;
    }

    @GetMapping(path = "/v1/profiles/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> profile(@PathVariable("id") String id, HttpServletRequest request) {
        ServedProfiles.Answer answer = profiles.answer(id);
        ServedProfiles.Snapshot snapshot = answer.snapshot();
        Object client = request.getAttribute(CLIENT);
        if (snapshot == null) {
            audit.read(client instanceof String name ? name : null, id, false);
            return ResponseEntity.status(503).header("Retry-After", "5")
                    .body("{\"error\":\"no profiles snapshot loaded yet: run a load (sendtime run load)\"}");
        }
        Optional<ProfileLookup.ServedProfile> found = answer.profile();
        audit.read(client instanceof String name ? name : null, id, found.isPresent());
        if (found.isEmpty()) {
            return ResponseEntity.status(404).body("{\"error\":\"no profile for this id\"}");
        }
        ProfileLookup.ServedProfile p = found.get();
        // the profile is the snapshot's JSON, as DuckDB wrote it
        return ResponseEntity.ok("{\"customer_key\":" + json(p.customerKey()) + ",\"load_id\":" + p.loadId()
                + ",\"as_of\":" + json(snapshot.asOf()) + ",\"profile\":" + p.profileJson() + "}");
    }

    private static String json(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
