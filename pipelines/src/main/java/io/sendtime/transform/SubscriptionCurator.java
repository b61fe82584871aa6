package io.sendtime.transform;

import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import java.util.Locale;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.Emails;

/** CRM subscription statuses, keyed to their contact's customer key. */
final class SubscriptionCurator implements Curator {

    private static final Set<String> STATUSES = Set.of("SUBSCRIBED", "UNSUBSCRIBED", "NOT_SPECIFIED");

    @Override public String source() { return "crm"; }
    @Override public String entity() { return "subscriptions"; }
    @Override public String keyField() { return "subscription_record_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String status = string(raw, "status").strip().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new RejectedRecordException("unknown subscription status");
        }
        String contactId = string(raw, "contact_id");
        String email = context.email(string(raw, "email"));
        return new GenericRecordBuilder(curated)
                .set("subscription_record_id", string(raw, "id"))
                .set("contact_id", contactId)
                .set("customer_key", context.keyOf(CustomerKeys.CRM, contactId, email))
                .set("email", email)
                .set("email_sha256", Emails.sha256(email))
                .set("subscription_id", string(raw, "subscription_id"))
                .set("subscription_name", trimmed(raw, "subscription_name"))
                .set("status", status)
                .set("source", trimmed(raw, "source"))
                .set("status_at", micros(raw, "status_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("is_deleted", false);
    }
}
