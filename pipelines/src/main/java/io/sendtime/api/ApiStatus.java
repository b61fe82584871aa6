package io.sendtime.api;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** What {@code sendtime serve} prints about its read API when it starts. */
@Component
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class ApiStatus {

    private final ApiConfiguration.ApiClientsView clients;
    private final ApiSettings settings;

    ApiStatus(ApiConfiguration.ApiClientsView clients, ApiSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("GET /v1/sends/<campaign>/<send>/recipients/<recipient>: " + (clients.active() == 0
                ? "off (no API client has its token in the environment: sendtime.serve.api.clients)"
                : "on for " + clients.active() + " client(s)") + "; published renders followed every "
                + settings.poll().toMillis() + " ms");
        return lines;
    }
}
