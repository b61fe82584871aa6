package io.sendtime.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Who may read what, before any read endpoint runs ({@code /v1/sends}, {@code /v1/content}, {@code /v1/profiles},
 * {@code /v1/reference}): a client's bearer token (401 without a valid one), its campaigns (403 outside them), its
 * grant for whole profiles (403 without it), and its rate (429 with {@code Retry-After} past it). The client's name is
 * left in the request attribute {@link #CLIENT} for the audit log.
 */
final class ApiAccess implements HandlerInterceptor {

    /** The request attribute naming the authenticated client. */
    static final String CLIENT = "sendtime.api.client";

    /** The paths it guards. */
    static final String[] PATHS = {"/v1/sends/**", "/v1/content/**", "/v1/profiles/**", "/v1/reference/**"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClients clients;

    ApiAccess(ApiClients clients) {
        this.clients = clients;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        ApiClients.Client client = clients.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (client == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sendtime\"");
            return refuse(response, 401, clients.active() == 0
                    ? "no API client is configured (sendtime.serve.api.clients)" : "a valid bearer token is needed");
        }
        if (request.getRequestURI().startsWith("/v1/profiles/") && !client.profiles()) {
            return refuse(response, 403, "client " + client.name() + " may not read profiles"
                    + " (sendtime.serve.api.clients." + client.name() + ".profiles)");
        }
        String campaign = campaign(request);
        if (campaign != null && !client.mayRead(campaign)) {
            return refuse(response, 403, "client " + client.name() + " may not read campaign " + campaign);
        }
        if (!client.rate().acquirePermission()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            return refuse(response, 429, "client " + client.name() + " is past its rate of "
                    + client.rate().getRateLimiterConfig().getLimitForPeriod() + " requests a second");
        }
        request.setAttribute(CLIENT, client.name());
        return true;
    }

    @SuppressWarnings("unchecked")
    private static String campaign(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? (String) ((Map<String, String>) map).get("campaign") : null;
    }

    private static boolean refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getOutputStream().write(JSON.writeValueAsString(Map.of("error", message)).getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
