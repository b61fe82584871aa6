package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** SendGrid's signed Event Webhook: the vector SendGrid's own client library tests with, and a key of our own. */
class SendgridSignatureTest {

    // the example of @sendgrid/eventwebhook's tests (a key, a signature of timestamp + payload)
    private static final String PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcw"
            + "HBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
    private static final String SIGNATURE = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQs"
            + "bVRamr2nlxFDWYNH2j/0=";
    private static final String TIMESTAMP = "1588788367";
    private static final byte[] PAYLOAD = "{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static Clock at(long seconds) {
        return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
    }

    @Test
    void sendgridsOwnExampleVerifiesAndAChangedBodyDoesNot() {
        SendgridSignature sendgrid = SendgridSignature.of(PUBLIC_KEY, at(Long.parseLong(TIMESTAMP)));
        assertThat(sendgrid.verify(SIGNATURE, TIMESTAMP, PAYLOAD).accepted()).isTrue();
        assertThat(sendgrid.verify(SIGNATURE, TIMESTAMP, "{\"event\":\"other\"}".getBytes(StandardCharsets.UTF_8))
                .reason()).contains("does not match the body");
        assertThat(sendgrid.verify(SIGNATURE, "1588788368", PAYLOAD).accepted()).isFalse();
        // replayed later than five minutes: refused whatever the signature
        assertThat(SendgridSignature.of(PUBLIC_KEY, at(Long.parseLong(TIMESTAMP) + 301)).verify(SIGNATURE, TIMESTAMP, PAYLOAD)
                .reason()).contains("more than 5 minutes old");
        assertThat(sendgrid.verify(null, TIMESTAMP, PAYLOAD).reason()).isEqualTo("missing " + SendgridSignature.SIGNATURE_HEADER
                + " header");
        assertThat(sendgrid.verify("not-a-signature", TIMESTAMP, PAYLOAD).accepted()).isFalse();
    }

    @Test
    void aKeyOfOurOwnSignsAndVerifiesAndTheWrongKeyRefuses() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(mine.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        byte[] body = "[{\"email\":\"a@example.com\",\"event\":\"bounce\",\"sg_event_id\":\"e1\"}]".getBytes(StandardCharsets.UTF_8);
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(mine.getPrivate());
        ecdsa.update("1764600000".getBytes(StandardCharsets.UTF_8));
        ecdsa.update(body);
        String signature = Base64.getEncoder().encodeToString(ecdsa.sign());

        assertThat(SendgridSignature.of(pem, at(1764600000)).verify(signature, "1764600000", body).accepted()).isTrue();
        assertThat(SendgridSignature.of(PUBLIC_KEY, at(1764600000)).verify(signature, "1764600000", body).accepted()).isFalse();
        assertThatThrownBy(() -> SendgridSignature.of("c2hvcnQ=", Clock.systemUTC()))
                .hasMessage("the SendGrid verification key is not a base64 EC public key");
    }
}
