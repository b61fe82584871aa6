package io.sendtime.transform;

import static io.sendtime.transform.RawValues.bool;
import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import io.sendtime.model.DisplayText;
import io.sendtime.model.Emails;

/**
 * CRM contacts: normalized email (a refused one is null), phone and country, names a template may show; the
 * customer key; archived ones as tombstones.
 */
final class ContactCurator implements Curator {

    @Override public String source() { return "crm"; }
    @Override public String entity() { return "contacts"; }
    @Override public String keyField() { return "contact_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        String id = string(raw, "id");
        String email = context.ownEmail(string(raw, "email"));
        String country = context.country(string(raw, "country"));
        boolean archived = Boolean.TRUE.equals(bool(raw, "archived"));
        Long archivedAt = micros(raw, "archived_at");
        return new GenericRecordBuilder(curated)
                .set("contact_id", id)
                .set("customer_key", context.assignKey(CustomerKeys.CRM, id, email))
                .set("email", email)
                .set("email_sha256", Emails.sha256(email))
                .set("first_name", context.displayText("first_name", trimmed(raw, "firstname"), DisplayText.NAME_LIMIT))
                .set("last_name", context.displayText("last_name", trimmed(raw, "lastname"), DisplayText.NAME_LIMIT))
                .set("phone_e164", context.phone(string(raw, "phone"), country))
                .set("city", trimmed(raw, "city"))
                .set("country_code", country)
                .set("language", trimmed(raw, "language"))
                .set("lifecycle_stage", trimmed(raw, "lifecyclestage"))
                .set("email_optout", optOut(trimmed(raw, "email_optout")))
                .set("created_at", micros(raw, "created_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("is_deleted", archived)
                .set("deleted_at", archived ? (archivedAt != null ? archivedAt : micros(raw, "updated_at")) : null);
    }

    /** HubSpot sends properties as text: "true" is an opt-out, "false" is none, anything else unknown (null). */
    private static Boolean optOut(String value) {
        return value == null ? null : "true".equalsIgnoreCase(value) ? Boolean.TRUE
                : "false".equalsIgnoreCase(value) ? Boolean.FALSE : null;
    }
}
