package io.sendtime.transform;

import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import java.util.Set;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Emails;

/**
 * The email service's delivery and engagement events that {@code sendtime serve} received, with their recipient's
 * key. Rule: a known {@code kind} (else quarantined). The recipient is the {@code customer_key} the export gave the
 * message as a custom argument; without one (a message sendtime did not render, a custom argument lost), the key
 * the address gives ({@link CurationContext#keyOfAddress}: under {@code match-by: none}, an address alone reaches no
 * one). A key no contact or customer has yet is counted {@code unknown_customer}; an event that reaches no one is
 * kept for its send, counted {@code anonymous}, like anonymous storefront events. The address itself is not kept,
 * only its SHA-256.
 */
final class EmailEventCurator implements Curator {

    static final Set<String> KINDS = Set.of("processed", "delivered", "deferred", "open", "click", "hard_bounce",
            "soft_bounce", "invalid", "spam_report", "unsubscribe", "group_unsubscribe");
    /** What {@link CustomerKeys} gives: anything else in the custom argument is not a key of ours. */
    private static final Pattern CUSTOMER_KEY = Pattern.compile("[0-9a-f]{16}");

    @Override public String source() { return "webhooks"; }
    @Override public String entity() { return "email_events"; }
    @Override public String keyField() { return "event_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String kind = string(raw, "kind").strip();
        if (!KINDS.contains(kind)) {
            throw new RejectedRecordException("unknown email event kind");
        }
        String email = context.email(string(raw, "email"));
        return new GenericRecordBuilder(curated)
                .set("event_id", string(raw, "event_id"))
                .set("provider", string(raw, "provider").strip())
                .set("kind", kind)
                .set("campaign", trimmed(raw, "campaign"))
                .set("send_id", trimmed(raw, "send_id"))
                .set("variant", trimmed(raw, "variant"))
                .set("customer_key", recipient(trimmed(raw, "customer_key"), email, context))
                .set("email_sha256", Emails.sha256(email))
                .set("occurred_at", micros(raw, "occurred_at"))
                .set("group_id", number(raw, "group_id"))
                .set("status", trimmed(raw, "status"))
                .set("is_deleted", false);
    }

    private static String recipient(String customKey, String email, CurationContext context) {
        String key;
        if (customKey != null && CUSTOMER_KEY.matcher(customKey).matches()) {
            key = customKey;
        } else {
            if (customKey != null) {
                context.count("customer_key_malformed");
            }
            key = context.keyOfAddress(CustomerKeys.CRM, email);
        }
        if (key != null && !context.isKnownKey(key)) {
            context.count("unknown_customer");
        }
        return key;
    }
}
