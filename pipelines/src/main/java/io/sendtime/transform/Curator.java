package io.sendtime.transform;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import io.sendtime.lake.RejectedRecordException;

/**
 * Curates one raw entity: validates a raw record against the business rules and maps it to its
 * typed, normalized curated record. One implementation per curated entity; the job runs them in order.
 */
interface Curator {

    /** The raw source, e.g. {@code crm}. */
    String source();

    /** The curated entity name, e.g. {@code contacts}. */
    String entity();

    /** The raw entity it curates: the same name, unless several curated entities come from one raw one. */
    default String rawEntity() {
        return entity();
    }

    /** The curated key column: one current version per value. */
    String keyField();

    /**
     * The curated record's payload fields (the job adds the lineage columns).
     *
     * @throws RejectedRecordException when the record breaks a business rule; the message is the reason
     */
    GenericRecordBuilder curate(GenericRecord raw, Schema curated, CurationContext context);
}
