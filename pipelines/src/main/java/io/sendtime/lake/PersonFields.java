package io.sendtime.lake;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import io.sendtime.model.PersonIds;

/**
 * The fields of a registry schema (raw or curated) that identify a person, as the schema marks them
 * ({@code "sendtime.person": "email" | "email_sha256" | "crm" | "commerce" | "customer_key"}): what the
 * erasure matches records on, and what the extract checks against the erasure ledger.
 */
public final class PersonFields {

    public static final String PROPERTY = "sendtime.person";

    private final Map<String, PersonIds.Kind> fields = new LinkedHashMap<>();
    private final Map<String, String> paths = new LinkedHashMap<>();

    public PersonFields(Schema schema) {
        for (Schema.Field field : schema.getFields()) {
            Object kind = field.getObjectProp(PROPERTY);
            if (kind != null) {
                fields.put(field.name(), PersonIds.Kind.of(kind.toString()));
                Object path = field.getObjectProp(RawSchemas.PATH_PROPERTY);
                paths.put(field.name(), path == null ? field.name() : path.toString());
            }
        }
    }

    /** Field name to the kind of identifier it holds. */
    public Map<String, PersonIds.Kind> fields() {
        return fields;
    }

    /** Field name to where the source puts it in a record as received (the raw schema's path). */
    public Map<String, String> sourcePaths() {
        return paths;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Whether {@code record} is the person's: one of its marked fields holds one of their identifiers. */
    public boolean matches(GenericRecord record, PersonIds person) {
        for (Map.Entry<String, PersonIds.Kind> f : fields.entrySet()) {
            if (record.getSchema().getField(f.getKey()) != null && person.matches(f.getValue(), record.get(f.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** Every identifier the record's marked fields hold, qualified ({@code <kind>:<value>}). */
    public java.util.List<String> identifiers(GenericRecord record) {
        java.util.List<String> out = new java.util.ArrayList<>(fields.size());
        fields.forEach((name, kind) -> {
            if (record.getSchema().getField(name) != null) {
                String q = PersonIds.qualified(kind, record.get(name));
                if (q != null) {
                    out.add(q);
                }
            }
        });
        return out;
    }
}
