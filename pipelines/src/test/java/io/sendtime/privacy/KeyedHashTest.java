package io.sendtime.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists keyed before internationalized domains were normalized to ASCII keep matching: nothing lapses. */
class KeyedHashTest {

    @TempDir
    Path dir;

    @Test
    void anEntryKeyedInTheEarlierFormStillMatches() throws Exception {
        Path key = dir.resolve("privacy.key");
        Files.writeString(key, "a-test-privacy-key-0123456789");
        KeyedHash hash = new KeyedHash(new PrivacySettings("SENDTIME_TEST_PRIVACY_KEY_UNSET", key));
        // suppressed before: the address keyed as it was normalized then (trimmed, lowercased, Unicode domain)
        String earlier = hmac("a-test-privacy-key-0123456789", "jürgen@bücher.example");
        var matches = hash.matcher(Set.of(earlier));
        assertThat(matches.test(" Jürgen@Bücher.example ")).isTrue();
        assertThat(matches.test("jürgen@xn--bcher-kva.example")).as("as the warehouse holds it now").isTrue();
        assertThat(matches.test("anna@bücher.example")).isFalse();
        // keyed now: the ASCII form, which every spelling of the address finds
        var now = hash.matcher(Set.of(hash.of("jürgen@bücher.example")));
        assertThat(now.test("JÜRGEN@xn--bcher-kva.example")).isTrue();
        assertThat(now.test("Jürgen@Bücher.example")).isTrue();
    }

    private static String hmac(String key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
