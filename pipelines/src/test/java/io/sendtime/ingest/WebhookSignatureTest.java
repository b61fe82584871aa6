package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures: the specification's published test vector, and every way a request is refused. */
class WebhookSignatureTest {

    // the test vector the Standard Webhooks specification and its libraries publish
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static WebhookSignature at(long seconds) {
        return WebhookSignature.of(SECRET, Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
    }

    @Test
    void thePublishedTestVectorSignsAndVerifies() {
        assertThat(at(TIMESTAMP).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(at(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY).accepted()).isTrue();
        // the base64 alone is the same secret
        assertThat(WebhookSignature.of(SECRET.substring(6), Clock.systemUTC()).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        // one of several signatures (a secret being rotated) is enough; other schemes are not ours to check
        assertThat(at(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), "v1a,AAAA v1,bm90IGl0 " + SIGNATURE, BODY)
                .accepted()).isTrue();
    }

    @Test
    void aChangedBodyAWrongSecretAnOldOrFutureTimestampOrAMissingHeaderIsRefused() {
        String ts = Long.toString(TIMESTAMP);
        assertThat(at(TIMESTAMP).verify(ID, ts, SIGNATURE, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)).reason())
                .contains("no webhook-signature matches");
        assertThat(WebhookSignature.of("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=", Clock.fixed(
                Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC)).verify(ID, ts, SIGNATURE, BODY).accepted()).isFalse();
        assertThat(at(TIMESTAMP).verify("msg_other", ts, SIGNATURE, BODY).accepted()).isFalse();
        // five minutes either way is the tolerance; a second more is a replay (or a clock out of step)
        assertThat(at(TIMESTAMP + 300).verify(ID, ts, SIGNATURE, BODY).accepted()).isTrue();
        assertThat(at(TIMESTAMP + 301).verify(ID, ts, SIGNATURE, BODY).reason()).contains("more than 5 minutes old");
        assertThat(at(TIMESTAMP - 301).verify(ID, ts, SIGNATURE, BODY).reason()).contains("more than 5 minutes ahead");
        assertThat(at(TIMESTAMP).verify(ID, null, SIGNATURE, BODY).reason()).isEqualTo("missing webhook-timestamp header");
        assertThat(at(TIMESTAMP).verify(ID, ts, " ", BODY).reason()).isEqualTo("missing webhook-signature header");
        assertThat(at(TIMESTAMP).verify(ID, "yesterday", SIGNATURE, BODY).reason()).contains("not Unix seconds");
        assertThat(at(TIMESTAMP).verify(ID, ts, "v1,***not base64***", BODY).accepted()).isFalse();
    }

    @Test
    void aBadSecretIsNamedWithoutEchoingIt() {
        assertThatThrownBy(() -> WebhookSignature.of("whsec_not*base64!", Clock.systemUTC()))
                .hasMessage("the webhook secret is not whsec_ followed by base64");
        assertThatThrownBy(() -> WebhookSignature.of("whsec_c2hvcnQ=", Clock.systemUTC()))
                .hasMessageContaining("holds 5 bytes").hasMessageNotContaining("c2hvcnQ");
        assertThat(at(TIMESTAMP).toString()).doesNotContain("MfKQ");
    }
}
