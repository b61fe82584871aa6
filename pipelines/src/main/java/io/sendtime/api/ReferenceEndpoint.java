package io.sendtime.api;

import java.util.Arrays;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/reference/<campaign>/<send>/recipients/<recipient>}: the same path shape, the same access checks and
 * headers as the token endpoint, and a constant body of {@code sendtime.serve.api.reference-body} bytes: what the
 * server costs without any lookup, the reference {@code bench api} measures the token endpoint against. Only when
 * that property is set.
 */
@RestController
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
@org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${sendtime.serve.api.reference-body:0}' != '0'")
final class ReferenceEndpoint {

    private final byte[] body;

    ReferenceEndpoint(ApiSettings settings) {
        int size = (int) Math.max(2, settings.referenceBody().toBytes());
        body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
    }

    @GetMapping("/v1/reference/{campaign}/{send}/recipients/{recipient}")
    ResponseEntity<byte[]> reference(@PathVariable String campaign, @PathVariable String send,
                                     @PathVariable String recipient) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag("\"reference\"")
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .header(TokenEndpoint.RENDER_HEADER, "reference").body(body);
    }
}
