package io.sendtime.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code sendtime.serve.api}: who may read token sets and profiles from {@code sendtime serve}, and how the server
 * follows what the jobs publish.
 *
 * @param clients       the API's clients by name: each has its own bearer token (from the environment), campaigns and
 *                      rate; with none configured every request is refused (401)
 * @param poll          how often the server looks for newly published renders, suppressions and erasures
 * @param dir           where the server keeps its local copies of published token sets (default {@code <var>/serve})
 * @param referenceBody a constant body of this size at {@code GET /v1/reference/...}, the server's own limit for
 *                      {@code bench api}; 0 (the default) leaves that endpoint off
 */
@ConfigurationProperties("sendtime.serve.api")
public record ApiSettings(Map<String, Client> clients, Duration poll, Path dir, DataSize referenceBody) {

    /**
     * One client of the API (an email service, a tool).
     *
     * @param tokenEnv          the environment variable holding its bearer token (at least 32 characters); unset: the
     *                          client is off
     * @param campaigns         the campaigns it may read token sets and open-time content of; empty: all
     * @param profiles          whether it may read whole profiles ({@code GET /v1/profiles/<id>}); off by default
     * @param requestsPerSecond its rate limit (past it: 429 with Retry-After); default 1,000
     */
    public record Client(String tokenEnv, List<String> campaigns, Boolean profiles, Integer requestsPerSecond) {
        public Client {
            campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
            profiles = profiles != null && profiles;
            requestsPerSecond = requestsPerSecond == null ? 1_000 : requestsPerSecond;
        }
    }

    public ApiSettings {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        poll = poll == null ? Duration.ofSeconds(2) : poll;
        referenceBody = referenceBody == null ? DataSize.ofBytes(0) : referenceBody;
    }

    /** What is wrong with these settings, one line each naming the key ({@code config validate}, and at start). */
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        clients.forEach((name, client) -> {
            String key = "sendtime.serve.api.clients." + name;
            if (client == null || client.tokenEnv() == null || client.tokenEnv().isBlank()) {
                problems.add(key + ".token-env is not set: name the environment variable holding " + name
                        + "'s bearer token");
            } else if (client.requestsPerSecond() <= 0) {
                problems.add(key + ".requests-per-second must be positive, not " + client.requestsPerSecond());
            }
        });
        if (poll.isNegative() || poll.isZero()) {
            problems.add("sendtime.serve.api.poll must be positive, not " + poll);
        }
        return problems;
    }

    /** The server's local directory, under the var directory unless configured. */
    public Path dir(Path varDir) {
        return dir != null ? dir : varDir.resolve("serve");
    }
}
