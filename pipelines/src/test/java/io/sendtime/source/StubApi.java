package io.sendtime.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny HTTP API on 127.0.0.1 and a free port, scripted per path; records every request it gets. */
final class StubApi implements AutoCloseable {

    /** What a handler sees of a request. */
    record Request(String method, String path, String rawQuery, Map<String, String> query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** What a handler answers; {@link #dropped()} closes the connection in the middle of the body. */
    record Response(int status, String body, Map<String, String> headers, long delayMillis, boolean dropConnection) {
        static Response json(int status, String body) {
            return new Response(status, body, Map.of(), 0, false);
        }

        static Response json(String body) {
            return json(200, body);
        }

        static Response dropped() {
            return new Response(0, "", Map.of(), 0, true);
        }

        Response withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Response(status, body, all, delayMillis, dropConnection);
        }

        Response delayedBy(long millis) {
            return new Response(status, body, headers, millis, dropConnection);
        }
    }

    @FunctionalInterface
    interface Handler {
        /** @param call 1 for the first request to this path, 2 for the second, ... */
        Response handle(Request request, int call);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    StubApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    StubApi on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), path, rawQuery, parseQuery(rawQuery), headers, body);
        requests.add(request);
        Handler handler = handlers.get(path);
        Response response = handler == null
                ? Response.json(404, "{\"message\":\"no route " + path + "\"}")
                : handler.handle(request, calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
        if (response.delayMillis() > 0) {
            try {
                Thread.sleep(response.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (response.dropConnection()) {
            // promise a body, send part of it, then fail: HttpServer closes the connection mid-response
            exchange.sendResponseHeaders(200, 1_000);
            exchange.getResponseBody().write("{\"results\":[".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            throw new IOException("stub drops the connection");
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
