package io.sendtime.transform;

import java.util.List;

import org.apache.avro.generic.GenericRecord;

/** Typed access to fields of raw Avro records (strings arrive as Avro's Utf8). */
final class RawValues {

    private RawValues() {
    }

    static String string(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }

    /** The string with surrounding whitespace removed; blank is null. */
    static String trimmed(GenericRecord r, String field) {
        String v = string(r, field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static Long micros(GenericRecord r, String field) {
        return (Long) r.get(field);
    }

    static Long number(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : ((Number) v).longValue();
    }

    static Integer integer(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : ((Number) v).intValue();
    }

    static Boolean bool(GenericRecord r, String field) {
        return (Boolean) r.get(field);
    }

    @SuppressWarnings("unchecked")
    static List<GenericRecord> records(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? List.of() : (List<GenericRecord>) v;
    }
}
