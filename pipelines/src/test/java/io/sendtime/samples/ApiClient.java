package io.sendtime.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tiny test client of the sample APIs over java.net.http. */
final class ApiClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final SampleApis apis;

    ApiClient(SampleApis apis) {
        this.apis = apis;
    }

    HttpResponse<String> crm(String pathAndQuery) {
        return get(pathAndQuery, "Authorization", "Bearer " + apis.crmToken());
    }

    HttpResponse<String> commerce(String pathAndQuery) {
        return get(pathAndQuery, "X-Shopify-Access-Token", apis.commerceToken());
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        try {
            URI uri = pathAndQuery.startsWith("http") ? URI.create(pathAndQuery) : apis.baseUrl().resolve(pathAndQuery);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Follows CRM {@code paging.next.link} from the first page; returns every record. */
    List<JsonNode> walkCrm(String firstPage) {
        List<JsonNode> all = new ArrayList<>();
        String next = firstPage;
        while (next != null) {
            HttpResponse<String> r = crm(next);
            if (r.statusCode() != 200) {
                throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
            }
            JsonNode page = json(r);
            page.get("results").forEach(all::add);
            next = page.has("paging") ? page.at("/paging/next/link").asText() : null;
        }
        return all;
    }

    /** Follows commerce {@code Link: rel="next"} headers from the first page; returns every record. */
    List<JsonNode> walkCommerce(String firstPage, String listKey) {
        List<JsonNode> all = new ArrayList<>();
        String next = firstPage;
        while (next != null) {
            HttpResponse<String> r = commerce(next);
            if (r.statusCode() != 200) {
                throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
            }
            json(r).get(listKey).forEach(all::add);
            next = r.headers().firstValue("Link").map(l -> {
                Matcher m = NEXT.matcher(l);
                return m.find() ? m.group(1) : null;
            }).orElse(null);
        }
        return all;
    }
}
