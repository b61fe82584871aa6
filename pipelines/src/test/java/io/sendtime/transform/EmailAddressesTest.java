package io.sendtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sendtime.model.EmailAddresses;
import io.sendtime.model.EmailAddresses.Flaw;
import io.sendtime.model.Emails;

/** The address rule (model.EmailAddresses) on real addresses and on hostile values from shops and CRMs. */
class EmailAddressesTest {

    @Test
    void realAddressesAreAcceptedInTheFormSendtimeKeepsThem() {
        Map<String, String> accepted = new LinkedHashMap<>();
        accepted.put("  Bob.Norman@Mail.Example.Com ", "bob.norman@mail.example.com");
        accepted.put(" amelia.taylor@mail.example.co.uk ", "amelia.taylor@mail.example.co.uk");
        accepted.put("MALGORZATA.KOWALSKA@POCZTA.EXAMPLE.PL", "malgorzata.kowalska@poczta.example.pl");
        accepted.put("jürgen@bücher.example", "jürgen@xn--bcher-kva.example");
        accepted.put("Jürgen@BÜCHER.Example", "jürgen@xn--bcher-kva.example");
        accepted.put("ju\u0308rgen@bu\u0308cher.example", "jürgen@xn--bcher-kva.example"); // decomposed: NFC
        accepted.put("jürgen@xn--bcher-kva.example", "jürgen@xn--bcher-kva.example");
        accepted.put("олена@приклад.укр", "олена@xn--80aikifvh.xn--j1amh");
        accepted.put("用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v");
        accepted.put("山田taro@example.jp", "山田taro@example.jp");
        accepted.put("o'brien+news@example.ie", "o'brien+news@example.ie");
        accepted.put("straße@example.de", "straße@example.de");

        accepted.forEach((raw, address) -> {
            EmailAddresses.Checked checked = EmailAddresses.check(raw);
            assertThat(checked.flaw()).as(raw).isNull();
            assertThat(checked.address()).as(raw).isEqualTo(address)
                    .as("lookups (erasure, suppression, keys) normalize to the same form").isEqualTo(Emails.normalize(raw));
        });
        assertThat(EmailAddresses.check(null)).isEqualTo(new EmailAddresses.Checked(null, null));
        assertThat(EmailAddresses.check(" \t ")).as("blank is missing, not refused")
                .isEqualTo(new EmailAddresses.Checked(null, null));
    }

    @Test
    void hostileValuesAreRefusedWithTheirReason() {
        Map<String, Flaw> refused = new LinkedHashMap<>();
        // control characters: NUL, header injection, a line separator before a second domain
        refused.put("bob\u0000@example.com", Flaw.CONTROL_CHARACTER);
        refused.put("bob@example.com\r\nBcc: x@evil.test", Flaw.CONTROL_CHARACTER);
        refused.put("bob@example.com\nbcc:x@evil.test", Flaw.CONTROL_CHARACTER);
        refused.put("bob@example.com\u2028@evil.test", Flaw.CONTROL_CHARACTER);
        refused.put("bob@example.com\u2029evil", Flaw.CONTROL_CHARACTER);
        refused.put("bob\u0085@example.com", Flaw.CONTROL_CHARACTER);
        refused.put("bob\t@example.com", Flaw.CONTROL_CHARACTER);
        refused.put("\u001B[31mbob@example.com", Flaw.CONTROL_CHARACTER);
        // bidi controls and invisible characters
        refused.put("\u202Emoc.live@example.com", Flaw.BIDI_CONTROL);
        refused.put("bob\u2066@example.com", Flaw.BIDI_CONTROL);
        refused.put("bob\u200F@example.com", Flaw.BIDI_CONTROL);
        refused.put("bob\u200B@example.com", Flaw.INVISIBLE_CHARACTER);
        refused.put("bob\u00A0smith@example.com", Flaw.INVISIBLE_CHARACTER);
        refused.put("\uFEFFbob@example.com", Flaw.INVISIBLE_CHARACTER);
        refused.put("bob@exam\u00ADple.com", Flaw.INVISIBLE_CHARACTER);
        // compatibility characters: folding them would send to another address
        refused.put("ｊｏｅ@example.com", Flaw.COMPATIBILITY_CHARACTER);
        refused.put("joe@ｅｘａｍｐｌｅ.com", Flaw.COMPATIBILITY_CHARACTER);
        refused.put("admin＠example.com", Flaw.COMPATIBILITY_CHARACTER);
        refused.put("ﬁnance@example.com", Flaw.COMPATIBILITY_CHARACTER);
        // homoglyphs: Latin mixed with Cyrillic or Greek, in the local part or a domain label
        refused.put("pаypal@example.com", Flaw.MIXED_SCRIPT);
        refused.put("paypal@exаmple.com", Flaw.MIXED_SCRIPT);
        refused.put("bob@xn--exmple-4nf.com", Flaw.MIXED_SCRIPT);
        refused.put("ρaypal@example.com", Flaw.MIXED_SCRIPT);
        // markup, formulas, display names, comments, quotes, IP literals: not a mailbox to market to
        refused.put("\"><svg/onload=alert(1)>@x.com", Flaw.INVALID_SYNTAX);
        refused.put("<script>alert(1)</script>@example.com", Flaw.INVALID_SYNTAX);
        refused.put("=HYPERLINK(\"http://evil.test\",\"click\")@example.com", Flaw.INVALID_SYNTAX);
        refused.put("=HYPERLINK(evil)@example.com", Flaw.INVALID_SYNTAX);
        refused.put("javascript:alert(1)@example.com", Flaw.INVALID_SYNTAX);
        refused.put("Bob Smith <bob@example.com>", Flaw.INVALID_SYNTAX);
        refused.put("\"bob smith\"@example.com", Flaw.INVALID_SYNTAX);
        refused.put("bob(comment)@example.com", Flaw.INVALID_SYNTAX);
        refused.put("bob@[192.168.0.1]", Flaw.INVALID_SYNTAX);
        refused.put("bob@localhost", Flaw.INVALID_SYNTAX);
        refused.put("bob@example.c", Flaw.INVALID_SYNTAX);
        refused.put("bob..smith@example.com", Flaw.INVALID_SYNTAX);
        refused.put("bob@x.com@evil.test", Flaw.INVALID_SYNTAX);
        refused.put("not an email", Flaw.INVALID_SYNTAX);
        refused.put("bob\uD800@example.com", Flaw.INVALID_SYNTAX);
        refused.put("a".repeat(100_000) + "@example.com", Flaw.INVALID_SYNTAX);
        refused.put("b".repeat(64) + "@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + ".com",
                Flaw.INVALID_SYNTAX);
        // domains that are no internationalized domain name
        refused.put("bob@xn--zz.example", Flaw.INVALID_DOMAIN);
        refused.put("bob@\u0301ab.example", Flaw.INVALID_DOMAIN);
        refused.put("bob@a\u00B7b.example", Flaw.INVALID_DOMAIN);

        assertThat(refused).hasSizeGreaterThanOrEqualTo(25);
        refused.forEach((raw, flaw) -> {
            EmailAddresses.Checked checked = EmailAddresses.check(raw);
            assertThat(checked.flaw()).as(printable(raw)).isEqualTo(flaw);
            assertThat(checked.address()).as(printable(raw)).isNull();
        });
        assertThat(Flaw.MIXED_SCRIPT.label()).isEqualTo("mixed_script");
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "...(" + value.length() + ")" : value;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7E ? String.format("\\u%04X", cp)
                : Character.toString(cp)));
        return out.toString();
    }
}
