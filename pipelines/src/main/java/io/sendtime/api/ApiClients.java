package io.sendtime.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.sendtime.source.SecretResolver;

/**
 * The API's clients with their tokens from the environment: who a bearer token belongs to (compared as SHA-256
 * digests in constant time, so neither the token nor its length leaks through timing), what it may read, and its
 * rate limiter.
 */
final class ApiClients {

    private static final Logger log = LoggerFactory.getLogger(ApiClients.class);

    /** The shortest bearer token taken: a guessable token is a leaked API. */
    static final int MIN_TOKEN_LENGTH = 32;

    /** One client, authenticated. */
    record Client(String name, Set<String> campaigns, boolean profiles, RateLimiter rate) {

        boolean mayRead(String campaign) {
            return campaigns.isEmpty() || campaigns.contains(campaign);
        }
    }

    private record Known(byte[] digest, Client client) {}

    private final List<Known> known = new ArrayList<>();

    ApiClients(ApiSettings settings, SecretResolver secrets) {
        settings.problems().stream().findFirst().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Map<String, ApiSettings.Client> clients = settings.clients();
        clients.forEach((name, client) -> {
            String token = secrets.secret(client.tokenEnv()).orElse(null);
            if (token == null) {
                log.warn("API client {} is off: the environment variable {} is not set", name, client.tokenEnv());
                return;
            }
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(client.tokenEnv() + ": an API token needs at least " + MIN_TOKEN_LENGTH
                        + " characters (openssl rand -hex 32)");
            }
            RateLimiter rate = RateLimiter.of("api-" + name, RateLimiterConfig.custom()
                    .limitForPeriod(client.requestsPerSecond()).limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO).build());
            known.add(new Known(digest(token), new Client(name, Set.copyOf(client.campaigns()), client.profiles(), rate)));
        });
    }

    /** How many clients can authenticate. */
    int active() {
        return known.size();
    }

    /** The client an {@code Authorization} header authenticates, or null. */
    Client authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = digest(authorization.substring(7).trim());
        Client match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.digest(), presented)) {
                match = k.client();
            }
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
