package io.sendtime.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A sender of signed webhooks over real HTTP, as a storefront relay (Standard Webhooks, a shared secret) and SendGrid
 * (ECDSA P-256 with a key pair of its own; the server holds the public key) sign them.
 */
public final class WebhookSender {

    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private final WebhookSignature storefront = WebhookSignature.of(SECRET, Clock.systemUTC());
    private final KeyPair sendgrid;

    public WebhookSender() {
        this.sendgrid = keyPair();
    }

    /** Sends to this server from now on ({@code http://127.0.0.1:<port>}). */
    public WebhookSender to(String base) {
        this.base = base;
        return this;
    }

    /** The SendGrid verification key the server is given (base64 SubjectPublicKeyInfo). */
    public String sendgridPublicKey() {
        return Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded());
    }

    public HttpResponse<String> storefront(String body) throws Exception {
        return storefront(body, Instant.now().getEpochSecond(), SECRET);
    }

    public HttpResponse<String> storefront(String body, long timestamp, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID();
        String signature = WebhookSignature.of(secret, Clock.systemUTC()).sign(id, timestamp, bytes);
        return post("/v1/events", bytes, "webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signature);
    }

    /** Unsigned. */
    public HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> sendgrid(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(sendgrid.getPrivate());
        ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
        ecdsa.update(bytes);
        return post("/v1/esp/sendgrid", bytes, SendgridSignature.SIGNATURE_HEADER,
                Base64.getEncoder().encodeToString(ecdsa.sign()), SendgridSignature.TIMESTAMP_HEADER, timestamp);
    }

    public HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String storefrontSignature(String id, long timestamp, byte[] body) {
        return storefront.sign(id, timestamp, body);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
