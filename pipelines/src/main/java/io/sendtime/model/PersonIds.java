package io.sendtime.model;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that identifies one person across sendtime's stores, by kind: their addresses, the SHA-256 of
 * each, their CRM contact ids, shop customer ids and customer keys. Schemas say which field holds which
 * kind ({@code "sendtime.person": "email"} and so on); a record whose field of a kind holds one of these
 * values is theirs. Values are normalized as sendtime stores them (addresses trimmed and lowercased).
 */
public final class PersonIds {

    /** What a field identifies, as schemas name it. */
    public enum Kind {
        EMAIL("email"), EMAIL_SHA256("email_sha256"), CRM("crm"), COMMERCE("commerce"), CUSTOMER_KEY("customer_key");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown identifier kind '" + label + "' (one of email, email_sha256,"
                    + " crm, commerce, customer_key)");
        }
    }

    private final Map<Kind, Set<String>> ids = new EnumMap<>(Kind.class);

    public PersonIds() {
        for (Kind k : Kind.values()) {
            ids.put(k, new LinkedHashSet<>());
        }
    }

    /** Adds one identifier (blank values are ignored); an address brings its SHA-256 along. */
    public PersonIds add(Kind kind, Object value) {
        String normalized = normalize(kind, value);
        if (normalized != null && ids.get(kind).add(normalized) && kind == Kind.EMAIL) {
            ids.get(Kind.EMAIL_SHA256).add(Emails.sha256(normalized));
        }
        return this;
    }

    public Set<String> of(Kind kind) {
        return Set.copyOf(ids.get(kind));
    }

    /** Whether {@code value} in a field of {@code kind} is one of this person's. */
    public boolean matches(Kind kind, Object value) {
        String normalized = normalize(kind, value);
        return normalized != null && ids.get(kind).contains(normalized);
    }

    public boolean isEmpty() {
        return ids.values().stream().allMatch(Set::isEmpty);
    }

    /** Every identifier as {@code <kind>:<value>}, the form the erasure ledger hashes. */
    public List<String> qualified() {
        return ids.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> qualified(e.getKey(), v))).toList();
    }

    /** {@code <kind>:<normalized value>}, or null for a blank value. */
    public static String qualified(Kind kind, Object value) {
        String normalized = normalize(kind, value);
        return normalized == null ? null : kind.label() + ":" + normalized;
    }

    private static String normalize(Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        if (text.isEmpty()) {
            return null;
        }
        return kind == Kind.EMAIL || kind == Kind.EMAIL_SHA256 || kind == Kind.CUSTOMER_KEY
                ? Emails.normalize(text) : text;
    }

    /** How many identifiers of each kind (for summaries: counts, never values). */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        ids.forEach((k, v) -> out.put(k.label(), v.size()));
        return out;
    }
}
