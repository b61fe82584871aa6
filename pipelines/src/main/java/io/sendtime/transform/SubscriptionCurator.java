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

/**
 * CRM subscription changes as the current status of one person for one subscription type, keyed to their customer
 * key. HubSpot's timeline says more than a subscription type's status; each change is read the safe way:
 * <ul>
 *   <li>{@code SUBSCRIPTION_STATUS} (or no change type: a CRM that lists statuses): the type's status, SUBSCRIBED,
 *       UNSUBSCRIBED or NOT_SPECIFIED;</li>
 *   <li>{@code PORTAL_STATUS}: the opt-out of all email ({@link #ALL_EMAIL}), UNSUBSCRIBED; opting in to all email
 *       again is NOT_SPECIFIED (it lifts nothing: consent to marketing is a subscription type's);</li>
 *   <li>{@code PORTAL_BOUNCE}, {@code PORTAL_SPAM_REPORT}: UNSUBSCRIBED from all email, until an explicit opt-in.</li>
 * </ul>
 * Anything else is rejected (quarantined with the reason, counted): never read as consent.
 */
final class SubscriptionCurator implements Curator {

    /** The subscription id of statements about all email (sql/load/after/subscriptions.sql: marketing email). */
    static final String ALL_EMAIL = "all_email";
    private static final Set<String> STATUSES = Set.of("SUBSCRIBED", "UNSUBSCRIBED", "NOT_SPECIFIED");

    @Override public String source() { return "crm"; }
    @Override public String entity() { return "subscriptions"; }
    @Override public String keyField() { return "subscription_record_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String changeType = upper(string(raw, "change_type"));
        String change = upper(string(raw, "status"));
        String subscriptionId = string(raw, "subscription_id");
        String status;
        switch (changeType == null ? "SUBSCRIPTION_STATUS" : changeType) {
            case "SUBSCRIPTION_STATUS" -> {
                if (!STATUSES.contains(change)) {
                    throw new RejectedRecordException("unknown subscription status");
                }
                if (subscriptionId == null || subscriptionId.isBlank()) {
                    throw new RejectedRecordException("a subscription status without a subscription type");
                }
                status = change;
            }
            case "PORTAL_STATUS" -> {
                if (!Set.of("SUBSCRIBED", "UNSUBSCRIBED").contains(change)) {
                    throw new RejectedRecordException("unknown subscription status");
                }
                subscriptionId = ALL_EMAIL;
                status = change.equals("UNSUBSCRIBED") ? "UNSUBSCRIBED" : "NOT_SPECIFIED";
            }
            case "PORTAL_BOUNCE", "PORTAL_SPAM_REPORT" -> {
                subscriptionId = ALL_EMAIL;
                status = "UNSUBSCRIBED";
            }
            default -> throw new RejectedRecordException("unknown subscription change type");
        }
        String contactId = string(raw, "contact_id");
        String email = context.email(string(raw, "email"));
        String emailSha256 = Emails.sha256(email);
        String person = contactId != null ? contactId : emailSha256;
        if (person == null) {
            throw new RejectedRecordException("a subscription change of no one: neither contact id nor email");
        }
        return new GenericRecordBuilder(curated)
                .set("subscription_record_id", person + ":" + subscriptionId)
                .set("contact_id", contactId)
                .set("customer_key", contactId != null ? context.keyOf(CustomerKeys.CRM, contactId, email)
                        : context.keyOfAddress(CustomerKeys.CRM, email))
                .set("email", email)
                .set("email_sha256", emailSha256)
                .set("subscription_id", subscriptionId)
                .set("subscription_name", trimmed(raw, "subscription_name"))
                .set("status", status)
                .set("source", trimmed(raw, "source"))
                .set("status_at", micros(raw, "status_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("is_deleted", false);
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }
}
