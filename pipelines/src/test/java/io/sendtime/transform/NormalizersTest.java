package io.sendtime.transform;

import io.sendtime.model.Money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Emails;

class NormalizersTest {

    @Test
    void emailsAreTrimmedLowercasedAndHashed() {
        // given the CRM and shop spellings of one address
        String crm = Emails.normalize("  Bob.Norman@Mail.Example.Com ");
        String shop = Emails.normalize("bob.norman@mail.example.com");

        // then they normalize to one address with one hash
        assertThat(crm).isEqualTo("bob.norman@mail.example.com").isEqualTo(shop);
        assertThat(Emails.sha256("abc")).as("SHA-256 test vector")
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Emails.sha256(crm)).hasSize(64).isEqualTo(Emails.sha256(shop));
        assertThat(Emails.normalize("   ")).isNull();
        assertThat(Emails.normalize(" Jürgen@Bücher.Example ")).as("an internationalized domain in its ASCII form")
                .isEqualTo("jürgen@xn--bcher-kva.example");
    }

    @Test
    void phonesBecomeE164WhenPossible() {
        assertThat(Phones.toE164("+1 613 779 5221", "CA")).isEqualTo("+16137795221");
        assertThat(Phones.toE164("+16137795221", null)).isEqualTo("+16137795221");
        assertThat(Phones.toE164("(212) 447-9148", "US")).as("national format read in the record's country")
                .isEqualTo("+12124479148");
        assertThat(Phones.toE164("030 123456", "DE")).isEqualTo("+4930123456");
        assertThat(Phones.toE164("212 447 9148", null)).as("national number, country unknown").isNull();
        assertThat(Phones.toE164("call me", "US")).isNull();
        assertThat(Phones.toE164(null, "US")).isNull();
    }

    @Test
    void countriesBecomeIsoAlpha2() {
        assertThat(Countries.toAlpha2("Poland")).isEqualTo("PL");
        assertThat(Countries.toAlpha2("Deutschland")).isEqualTo("DE");
        assertThat(Countries.toAlpha2("  united kingdom ")).isEqualTo("GB");
        assertThat(Countries.toAlpha2("South Korea")).isEqualTo("KR");
        assertThat(Countries.toAlpha2("United Arab Emirates")).isEqualTo("AE");
        assertThat(Countries.toAlpha2("UK")).isEqualTo("GB");
        assertThat(Countries.toAlpha2("USA")).isEqualTo("US");
        assertThat(Countries.toAlpha2("jp")).isEqualTo("JP");
        assertThat(Countries.toAlpha2("FRA")).isEqualTo("FR");
        assertThat(Countries.toAlpha2("España")).isEqualTo("ES");
        assertThat(Countries.toAlpha2("Ελλάδα")).isEqualTo("GR");
        assertThat(Countries.toAlpha2("Atlantis")).isNull();
        assertThat(Countries.toAlpha2(null)).isNull();
    }

    @Test
    void moneyBecomesMinorUnitsOfItsCurrency() {
        assertThat(Money.toMinor("142.91", "CAD")).isEqualTo(14291L);
        assertThat(Money.toMinor("0.5", "usd")).isEqualTo(50L);
        assertThat(Money.toMinor("15344", "JPY")).as("JPY has no minor unit").isEqualTo(15344L);
        assertThat(Money.toMinor("15344.00", "JPY")).isEqualTo(15344L);
        assertThat(Money.toMinor("1.234", "KWD")).as("three decimals").isEqualTo(1234L);
        assertThat(Money.toMinor(null, "USD")).isNull();
        assertThatThrownBy(() -> Money.toMinor("12.345", "USD")).isInstanceOf(RejectedRecordException.class)
                .hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.toMinor("15344.5", "JPY")).isInstanceOf(RejectedRecordException.class);
        assertThatThrownBy(() -> Money.toMinor("12,30", "EUR")).isInstanceOf(RejectedRecordException.class);
        assertThatThrownBy(() -> Money.currency("ABC")).isInstanceOf(RejectedRecordException.class)
                .hasMessageContaining("unknown currency");
    }

    @Test
    void productTypesMapToTheCanonicalTaxonomy() {
        CategoryTaxonomy taxonomy = CategoryTaxonomy.load();

        assertThat(taxonomy.canonical("Running Shoes")).isEqualTo("running_shoes");
        assertThat(taxonomy.canonical("running shoes ")).isEqualTo("running_shoes");
        assertThat(taxonomy.canonical("Footwear > Running")).isEqualTo("running_shoes");
        assertThat(taxonomy.canonical("Tees")).isEqualTo("t_shirts");
        assertThat(taxonomy.canonical("bags & backpacks")).isEqualTo("backpacks");
        assertThat(taxonomy.canonical("Kitchen Sinks")).isEqualTo(CategoryTaxonomy.OTHER);
        assertThat(taxonomy.canonical(null)).isEqualTo(CategoryTaxonomy.OTHER);
    }

    @Test
    void customerKeysAreKeyedHashesOfTheEmailOrTheRecordNeverItsPlainHash() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("privacy", ".key");
        java.nio.file.Files.writeString(file, "a-test-privacy-key-0123456789");
        java.util.function.Function<String, String> keyed = new io.sendtime.privacy.KeyedHash(
                new io.sendtime.privacy.PrivacySettings("SENDTIME_TEST_PRIVACY_KEY_UNSET", file)).hasher();
        java.nio.file.Path other = java.nio.file.Files.createTempFile("privacy", ".key");
        java.nio.file.Files.writeString(other, "another-key-9876543210abcdef");
        java.util.function.Function<String, String> otherKey = new io.sendtime.privacy.KeyedHash(
                new io.sendtime.privacy.PrivacySettings("SENDTIME_TEST_PRIVACY_KEY_UNSET", other)).hasher();

        String byEmail = CustomerKeys.derive(TransformSettings.MatchBy.EMAIL, "crm", "1001", "bob@example.com", keyed);

        // one person across systems by email, a key of 16 hex digits
        assertThat(byEmail).matches("[0-9a-f]{16}")
                .isEqualTo(CustomerKeys.derive(TransformSettings.MatchBy.EMAIL, "commerce", "207119551", "bob@example.com",
                        keyed));
        // that nobody can compute from the address without the key
        assertThat(byEmail).isNotEqualTo(Emails.sha256("bob@example.com").substring(0, 16))
                .isNotEqualTo(CustomerKeys.derive(TransformSettings.MatchBy.EMAIL, "crm", "1001", "bob@example.com",
                        otherKey));
        assertThat(CustomerKeys.derive(TransformSettings.MatchBy.EMAIL, "crm", "1004", null, keyed))
                .isEqualTo(CustomerKeys.rekeyed(Emails.sha256("crm:1004").substring(0, 16), keyed))
                .isNotEqualTo(Emails.sha256("crm:1004").substring(0, 16));
        assertThat(CustomerKeys.derive(TransformSettings.MatchBy.NONE, "crm", "1001", "bob@example.com", keyed))
                .isEqualTo(CustomerKeys.rekeyed(Emails.sha256("crm:1001").substring(0, 16), keyed));
        // a key an earlier version issued (a plain hash) re-keys to the key derived now
        assertThat(CustomerKeys.rekeyed(Emails.sha256("bob@example.com").substring(0, 16), keyed)).isEqualTo(byEmail);
        // and no other keyed hash of the address shares its digits (the suppression list holds those)
        assertThat(keyed.apply("bob@example.com")).doesNotContain(byEmail);
    }
}
