package io.sendtime.transform;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import io.sendtime.model.DisplayText;
import io.sendtime.model.EmailAddresses;

/**
 * What curators share while one step curates one entity: the settings, the category taxonomy,
 * customer keys given so far (loaded once per step) and the ones given in this step, and the counts
 * of records handled by a documented rule.
 */
final class CurationContext {

    private final TransformSettings settings;
    private final String catalogCurrency;
    private final CategoryTaxonomy taxonomy;
    private final Function<String, Map<String, String>> loadKeys;
    private final Function<String, String> keyed;
    private final Map<String, Map<String, String>> knownKeys = new HashMap<>();
    private final Map<String, Map<String, String>> newKeys = new LinkedHashMap<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private Set<String> keysGiven;

    /** @param keyed the keyed hash new customer keys are derived with ({@link CustomerKeys}) */
    CurationContext(TransformSettings settings, String catalogCurrency, CategoryTaxonomy taxonomy,
                    Function<String, Map<String, String>> loadKeys, Function<String, String> keyed) {
        this.keyed = keyed;
        this.settings = settings;
        this.catalogCurrency = catalogCurrency;
        this.taxonomy = taxonomy;
        this.loadKeys = loadKeys;
    }

    TransformSettings settings() {
        return settings;
    }

    /** The currency product prices are listed in ({@code sendtime.catalog.currency}). */
    String catalogCurrency() {
        return catalogCurrency;
    }

    CategoryTaxonomy taxonomy() {
        return taxonomy;
    }

    /** Counts one record handled by the documented rule {@code rule}. */
    void count(String rule) {
        counts.merge(rule, 1L, Long::sum);
    }

    Map<String, Long> counts() {
        return counts;
    }

    /**
     * The customer key of a CRM contact or commerce customer: the one it was given when first seen,
     * or, the first time, a new one derived by {@link CustomerKeys}.
     */
    String assignKey(String system, String id, String normalizedEmail) {
        String known = known(system).get(id);
        if (known != null) {
            return known;
        }
        String key = CustomerKeys.derive(settings.identity().matchBy(), system, id, normalizedEmail, keyed);
        known(system).put(id, key);
        newKeys.computeIfAbsent(system, s -> new LinkedHashMap<>()).put(id, key);
        return key;
    }

    /**
     * The key of a record that refers to a contact or customer (an order's customer): the referenced
     * record's key when it is known; otherwise the key it would get ({@link CustomerKeys}, from the
     * referring record's email if any), counted as {@code unknown_customer}; null without id and email.
     */
    String keyOf(String system, String id, String normalizedEmail) {
        String known = id == null ? null : known(system).get(id);
        if (known != null) {
            return known;
        }
        if (id == null && normalizedEmail == null) {
            count("anonymous");
            return null;
        }
        count("unknown_customer");
        return CustomerKeys.derive(settings.identity().matchBy(), system, id, normalizedEmail, keyed);
    }

    /**
     * The key of a record that names its person by address only (HubSpot's subscriptions timeline, an email
     * service's events): the key that address gives under {@code match-by: email}; none under {@code match-by: none},
     * where an address alone links to no one (its statements then reach no contact: they grant nothing). A record
     * that reaches no one is counted {@code anonymous}.
     */
    String keyOfAddress(String system, String normalizedEmail) {
        String key = normalizedEmail == null ? null
                : CustomerKeys.derive(settings.identity().matchBy(), system, null, normalizedEmail, keyed);
        if (key == null) {
            count("anonymous");
        }
        return key;
    }

    /**
     * The address of a record, normalized, when sendtime may send to it ({@link EmailAddresses}); otherwise
     * null, and a refused one is counted as {@code email_<flaw>} ({@code email_invalid_syntax},
     * {@code email_mixed_script}...). The record itself is kept either way.
     */
    String email(String raw) {
        EmailAddresses.Checked checked = EmailAddresses.check(raw);
        if (checked.flaw() != null) {
            count("email_" + checked.flaw().label());
        }
        return checked.address();
    }

    /**
     * The address of a contact or customer ({@link #email}); one without an address (none, or refused) is
     * counted as {@code no_email}: the record is kept and keyed by its id.
     */
    String ownEmail(String raw) {
        String email = email(raw);
        if (email == null) {
            count("no_email");
        }
        return email;
    }

    /**
     * A value a template shows (a title, a name) when {@link DisplayText} lets it be shown; otherwise null, so
     * the token's fallback applies, counted as {@code <field>_<flaw>} ({@code title_too_long},
     * {@code first_name_control_character}...). The record itself is kept.
     *
     * @param limit its length limit in user-perceived characters ({@link DisplayText#TITLE_LIMIT}, ...)
     */
    String displayText(String field, String text, int limit) {
        DisplayText.Flaw flaw = DisplayText.flaw(text, limit);
        if (flaw == null) {
            return text;
        }
        count(field + "_" + flaw.label());
        return null;
    }

    /** ISO 3166-1 alpha-2 of a country name or code; an unrecognized one is null, counted {@code country_unknown}. */
    String country(String raw) {
        String code = Countries.toAlpha2(raw);
        if (code == null && raw != null && !raw.isBlank()) {
            count("country_unknown");
        }
        return code;
    }

    /** E.164 of a phone number; one without an E.164 form is null, counted {@code phone_not_e164}. */
    String phone(String raw, String countryCode) {
        String e164 = Phones.toE164(raw, countryCode);
        if (e164 == null && raw != null && !raw.isBlank()) {
            count("phone_not_e164");
        }
        return e164;
    }

    /** Whether a CRM contact or a commerce customer has been given {@code key} (in an earlier step or run). */
    boolean isKnownKey(String key) {
        if (keysGiven == null) {
            keysGiven = new HashSet<>(known(CustomerKeys.CRM).values());
            keysGiven.addAll(known(CustomerKeys.COMMERCE).values());
        }
        return keysGiven.contains(key);
    }

    /** Keys given for the first time in this step, by system, then record id. */
    Map<String, Map<String, String>> newKeys() {
        return newKeys;
    }

    private Map<String, String> known(String system) {
        return knownKeys.computeIfAbsent(system, loadKeys);
    }
}
