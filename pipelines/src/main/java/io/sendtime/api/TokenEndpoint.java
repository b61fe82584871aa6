package io.sendtime.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /v1/sends/<campaign>/<send>/recipients/<recipient>}: a recipient's pre-rendered token set from the
 * send's current render, for an email service fetching content while it sends (Braze Connected Content and the like).
 * {@code recipient} is the customer key or the SHA-256 of the lowercased address. Answers:
 * <ul>
 *   <li>200 with the tokens, {@code ETag} (the render) and {@code Cache-Control: max-age} from the campaign;
 *       304 for a matching {@code If-None-Match};</li>
 *   <li>410, no tokens: suppressed since the render (the live suppression list);</li>
 *   <li>404 with the campaign's fallback tokens: a recipient the render does not know (or erased since);</li>
 *   <li>404 without tokens: no render of that send is published; 503 with {@code Retry-After}: not loaded yet, or
 *       it cannot be served (the reason in the body);</li>
 *   <li>400: an address instead of a key or a hash (addresses never go into URLs).</li>
 * </ul>
 * Every answer names its render ({@code X-Sendtime-Render} and the body).
 */
@RestController
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
final class TokenEndpoint {

    static final String RENDER_HEADER = "X-Sendtime-Render";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishedSends sends;

    TokenEndpoint(PublishedSends sends) {
        this.sends = sends;
    }

    @GetMapping("/v1/sends/{campaign}/{send}/recipients/{recipient}")
    ResponseEntity<byte[]> tokens(@PathVariable String campaign, @PathVariable String send,
                                  @PathVariable String recipient, HttpServletRequest request) throws IOException {
        if (recipient.indexOf('@') >= 0) {
            return error(HttpStatus.BAD_REQUEST, "recipient: the customer key or the SHA-256 of the lowercased address,"
                    + " never the address itself");
        }
        PublishedSends.Loaded loaded = sends.get(campaign, send);
        if (loaded == null) {
            return sends.ready() ? error(HttpStatus.NOT_FOUND, "no render of send " + send + " of campaign " + campaign
                    + " is published") : retryLater("the published renders are being loaded");
        }
        SendTokens tokens = loaded.tokens();
        if (tokens == null) {
            return retryLater(loaded.problem());
        }
        String render = tokens.info().render();
        SendTokens.Found found = tokens.find(recipient);
        if (found == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .cacheControl(CacheControl.noStore()).header(RENDER_HEADER, render).body(tokens.fallbackBody());
        }
        if (sends.suppressed(found.emailKeyedHash())) {
            return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_JSON)
                    .cacheControl(CacheControl.noStore()).header(RENDER_HEADER, render)
                    .body(body(Map.of("campaign", campaign, "send", send, "render", render,
                            "error", "suppressed since the render: send nothing to this recipient")));
        }
        String etag = "\"" + render + "\"";
        CacheControl cache = CacheControl.maxAge(java.time.Duration.ofSeconds(tokens.info().cacheMaxAgeSeconds()));
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache)
                    .header(RENDER_HEADER, render).build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(etag).cacheControl(cache)
                .header(RENDER_HEADER, render).body(found.body());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<byte[]> retryLater(String why) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2")
                .contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body(Map.of("error", why)));
    }

    private static ResponseEntity<byte[]> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body(Map.of("error", message)));
    }

    private static byte[] body(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
