package io.sendtime.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/events} (storefront events, Standard Webhooks signatures) and {@code POST /v1/esp/<provider>} (an
 * email service's events, its own signature, mapped by {@link EspMapping}). The answers, each with a one-line
 * {@code error}: 200 once every event is durable (or was before: a retry), with how many were stored and how many
 * were repeats; 400 for a malformed request (every problem named, the request quarantined, none of its events kept);
 * 401 for a missing, wrong or stale signature; 404 for an endpoint that is off; 413 past {@code max-body}; 503 with
 * {@code Retry-After} when the log is full (backpressure) or cannot be written. Never a 500 for what a sender sent.
 */
@RestController
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
class WebhookEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One endpoint: the entity its events go to and how its sender is checked; {@code off} says why it is off. */
    record Endpoint(String name, String entity, SenderCheck check, EspMapping mapping, String off) {}

    /** The storefront endpoint and one per configured email service. */
    record Senders(Endpoint storefront, Map<String, Endpoint> providers) {}

    private final EventReceiver receiver;
    private final RefusedRequests refused;
    private final Endpoint storefront;
    private final Map<String, Endpoint> providers;
    private final long maxBody;
    private final long retryAfterSeconds;
    private final Clock clock;

    WebhookEndpoints(EventIntake intake, RefusedRequests refused, Senders senders, ServeSettings settings, Clock ingestClock) {
        this.receiver = intake.receiver();
        this.refused = refused;
        this.storefront = senders.storefront();
        this.providers = senders.providers();
        this.maxBody = settings.maxBody().toBytes();
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
        this.clock = ingestClock;
    }

    @PostMapping("/v1/events")
    ResponseEntity<String> events(HttpServletRequest request) {
        return receive(storefront, request);
    }

    @PostMapping("/v1/esp/{provider}")
    ResponseEntity<String> esp(@PathVariable("provider") String provider, HttpServletRequest request) {
        Endpoint endpoint = providers.get(provider);
        if (endpoint == null) {
            return answer(HttpStatus.NOT_FOUND, "no email service '" + (provider.matches("[a-z0-9_-]{1,40}") ? provider : "?")
                    + "' is configured (sendtime.serve.esp: " + String.join(", ", providers.keySet()) + ")");
        }
        return receive(endpoint, request);
    }

    private ResponseEntity<String> receive(Endpoint endpoint, HttpServletRequest request) {
        String path = "/v1/" + (endpoint.mapping() == null ? "events" : "esp/" + endpoint.name());
        if (endpoint.off() != null) {
            return answer(HttpStatus.NOT_FOUND, path + " is off: " + endpoint.off());
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            refused.oversized(endpoint.entity(), path, declared, maxBody);
            return answer(HttpStatus.CONTENT_TOO_LARGE, "the body of " + declared + " bytes is over the limit of " + maxBody);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "the body could not be read");
        }
        if (body.length > maxBody) {
            refused.oversized(endpoint.entity(), path, body.length, maxBody);
            return answer(HttpStatus.CONTENT_TOO_LARGE, "the body is over the limit of " + maxBody + " bytes");
        }
        WebhookSignature.Verdict verdict = endpoint.check().verify(request::getHeader, body);
        if (!verdict.accepted()) {
            refused.unauthenticated(endpoint.entity(), path, verdict.reason(), body.length);
            return answer(HttpStatus.UNAUTHORIZED, verdict.reason());
        }
        Instant received = clock.instant();
        List<LoggedEvent> events = new ArrayList<>();
        List<String> problems;
        if (endpoint.mapping() == null) {
            StorefrontEvents.Parsed parsed = StorefrontEvents.parse(body, clock);
            problems = parsed.problems();
            parsed.events().forEach(e -> events.add(LoggedEvent.of(e, received)));
        } else {
            EspMapping.Parsed parsed = endpoint.mapping().parse(body, received);
            problems = parsed.problems();
            parsed.events().forEach(e -> events.add(LoggedEvent.of(e, endpoint.name())));
        }
        if (!problems.isEmpty()) {
            refused.malformed(endpoint.entity(), path, body, problems);
            ObjectNode answer = error(problems.size() == 1 ? problems.get(0)
                    : problems.size() + " problems, the first: " + problems.get(0) + " (none of the request's events is kept)");
            problems.stream().limit(100).forEach(answer.putArray("problems")::add);
            return json(HttpStatus.BAD_REQUEST, answer, null);
        }
        try {
            EventReceiver.Receipt receipt = receiver.receive(events);
            ObjectNode answer = JSON.createObjectNode().put("received", events.size()).put("stored", receipt.stored())
                    .put("repeated", receipt.repeated());
            return json(HttpStatus.OK, answer, null);
        } catch (EventReceiver.NotTaken e) {
            if (!e.full()) {
                log.error("{}: {}{}", path, e.getMessage(), e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            }
            return json(HttpStatus.SERVICE_UNAVAILABLE, error(e.getMessage()), retryAfterSeconds);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private ResponseEntity<String> answer(HttpStatus status, String message) {
        return json(status, error(message), null);
    }

    private static ResponseEntity<String> json(HttpStatus status, ObjectNode body, Long retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        return builder.body(body.toString());
    }
}
