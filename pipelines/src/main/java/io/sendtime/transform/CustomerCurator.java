package io.sendtime.transform;

import static io.sendtime.transform.RawValues.bool;
import static io.sendtime.transform.RawValues.micros;
import static io.sendtime.transform.RawValues.number;
import static io.sendtime.transform.RawValues.string;
import static io.sendtime.transform.RawValues.trimmed;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.model.DisplayText;
import io.sendtime.model.Emails;
import io.sendtime.model.Money;

/**
 * Commerce customers: like contacts (email, names), plus currency and email-marketing consent; deleted ones as
 * tombstones.
 */
final class CustomerCurator implements Curator {

    @Override public String source() { return "commerce"; }
    @Override public String entity() { return "customers"; }
    @Override public String keyField() { return "customer_id"; }

    @Override
    public GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context) {
        long id = number(raw, "id");
        String email = context.ownEmail(string(raw, "email"));
        String countryCode = trimmed(raw, "address_country_code");
        String country = context.country(countryCode != null ? countryCode : string(raw, "address_country"));
        String currency = trimmed(raw, "currency");
        Long deletedAt = micros(raw, "deleted_at");
        return new GenericRecordBuilder(curated)
                .set("customer_id", id)
                .set("customer_key", context.assignKey(CustomerKeys.COMMERCE, Long.toString(id), email))
                .set("email", email)
                .set("email_sha256", Emails.sha256(email))
                .set("first_name", context.displayText("first_name", trimmed(raw, "first_name"),
                        DisplayText.NAME_LIMIT))
                .set("last_name", context.displayText("last_name", trimmed(raw, "last_name"),
                        DisplayText.NAME_LIMIT))
                .set("phone_e164", context.phone(string(raw, "phone"), country))
                .set("state", trimmed(raw, "state"))
                .set("currency", currency == null ? null : Money.currency(currency))
                .set("tags", trimmed(raw, "tags"))
                .set("verified_email", bool(raw, "verified_email"))
                .set("email_marketing_state", trimmed(raw, "email_marketing_state"))
                .set("email_marketing_opt_in_level", trimmed(raw, "email_marketing_opt_in_level"))
                .set("email_marketing_consent_updated_at", micros(raw, "email_marketing_consent_updated_at"))
                .set("city", trimmed(raw, "address_city"))
                .set("province", trimmed(raw, "address_province"))
                .set("country_code", country)
                .set("zip", trimmed(raw, "address_zip"))
                .set("created_at", micros(raw, "created_at"))
                .set("updated_at", micros(raw, "updated_at"))
                .set("is_deleted", deletedAt != null)
                .set("deleted_at", deletedAt);
    }
}
