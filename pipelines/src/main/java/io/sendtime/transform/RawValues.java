package io.sendtime.transform;

import java.util.List;

import org.apache.avro.generic.GenericRecord;

/**
 * Typed access to fields of raw Avro records (strings arrive as Avro's Utf8). A field the record's schema does not
 * have reads as null: a raw file written before a schema gained a column, or a configured input of a curated entity
 * whose source cannot fill one ({@code sendtime.transform.inputs}: GraphQL lists no deleted customers).
 */
final class RawValues {

    private RawValues() {
    }

    private static Object get(GenericRecord r, String field) {
        return r.getSchema().getField(field) == null ? null : r.get(field);
    }

    static String string(GenericRecord r, String field) {
        Object v = get(r, field);
        return v == null ? null : v.toString();
    }

    /** The string with surrounding whitespace removed; blank is null. */
    static String trimmed(GenericRecord r, String field) {
        String v = string(r, field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static Long micros(GenericRecord r, String field) {
        return (Long) get(r, field);
    }

    static Long number(GenericRecord r, String field) {
        Object v = get(r, field);
        return v == null ? null : ((Number) v).longValue();
    }

    static Integer integer(GenericRecord r, String field) {
        Object v = get(r, field);
        return v == null ? null : ((Number) v).intValue();
    }

    static Boolean bool(GenericRecord r, String field) {
        return (Boolean) get(r, field);
    }

    /**
     * A GraphQL source pages a record's nested lists ({@code lineItems(first: 30)}); its raw schema reads
     * {@code pageInfo.hasNextPage} into {@code <list>_truncated}. A record with more than its query asked for is not
     * whole: it is rejected (quarantined, counted) rather than curated short.
     */
    static void requireWhole(GenericRecord r, String list, String queryField) {
        if (Boolean.TRUE.equals(bool(r, list + "_truncated"))) {
            throw new io.sendtime.lake.RejectedRecordException("more " + list.replace('_', ' ')
                    + " than the source's query asks for (" + queryField + " first:)");
        }
    }

    @SuppressWarnings("unchecked")
    static List<GenericRecord> records(GenericRecord r, String field) {
        Object v = get(r, field);
        return v == null ? List.of() : (List<GenericRecord>) v;
    }
}
