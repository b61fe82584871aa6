package io.sendtime.source;

import java.time.Duration;

/**
 * {@code sendtime.sources.<name>.timeouts}. Defaults: connect 5s, request 30s.
 *
 * @param connect to open a connection
 * @param request for one HTTP exchange, until the whole body has arrived
 */
public record TimeoutsDefinition(Duration connect, Duration request) {

    public TimeoutsDefinition {
        connect = connect == null ? Duration.ofSeconds(5) : connect;
        request = request == null ? Duration.ofSeconds(30) : request;
    }

    public static TimeoutsDefinition defaults() {
        return new TimeoutsDefinition(null, null);
    }
}
