package io.sendtime.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RecordConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RawSchemas schemas = new RawSchemas();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void flattensNestedSourcePathsAndKeepsFullTimestampPrecision() throws Exception {
        // given a HubSpot-style contact with properties nested one level down
        var converter = new RecordConverter(schemas.schema("crm", "contacts"));
        var contact = json("""
                {"id":"1001","properties":{"email":"Anna@Example.com","firstname":"Anna","country":"Poland",
                 "lastmodifieddate":"2026-10-01T10:00:00.456789Z"},
                 "createdAt":"2024-02-11T09:15:02.123+01:00","updatedAt":"2026-10-01T10:00:00.456789Z","archived":false}""");

        // when
        GenericRecord record = converter.convert(contact).record();

        // then
        assertThat(record.get("id")).as("id").hasToString("1001");
        assertThat(record.get("email")).as("email taken from properties.email").hasToString("Anna@Example.com");
        assertThat(record.get("updated_at")).as("microseconds are kept")
                .isEqualTo(RecordConverter.toMicros(Instant.parse("2026-10-01T10:00:00.456789Z")));
        assertThat(record.get("created_at")).as("offsets become UTC instants")
                .isEqualTo(RecordConverter.toMicros(Instant.parse("2024-02-11T08:15:02.123Z")));
        assertThat(record.get("archived")).isEqualTo(false);
        assertThat(record.get(RawSchemas.EXTRA)).as("nothing unknown").isNull();
    }

    @Test
    void givesTextAsUtf8AsTheLakeReadsItBack() throws Exception {
        // given a storefront event with text, a mapped value and non-ASCII text
        var converter = new RecordConverter(schemas.schema("commerce", "storefront_events"));
        var event = json("""
                {"id":"evt_1","type":"searched","customer_id":7,"session_id":"s-1","search_query":"Müsli – 東京",
                 "occurred_at":"2026-10-01T10:00:00Z","created_at":"2026-10-01T10:00:01Z"}""");

        // when
        GenericRecord record = converter.convert(event).record();

        // then text is already UTF-8 (encoded on the converting threads, not by the file's one writer), as
        // parquet-avro reads it back from the lake
        assertThat(record.get("id")).as("id").isEqualTo(new Utf8("evt_1"));
        assertThat(record.get("type")).as("type").isEqualTo(new Utf8("searched"));
        assertThat(record.get("search_query")).as("non-ASCII text keeps its characters")
                .isEqualTo(new Utf8("Müsli – 東京"));
        assertThat(record.get("customer_id")).as("numbers stay numbers").isEqualTo(7L);
    }

    @Test
    void keepsUnknownFieldsAsJsonInsteadOfFailing() throws Exception {
        var converter = new RecordConverter(schemas.schema("crm", "contacts"));
        var contact = json("""
                {"id":"7","properties":{"email":"a@b.c","favorite_color":"teal"},"updatedAt":"2026-10-01T10:00:00Z",
                 "loyalty":{"tier":"gold"}}""");

        var converted = converter.convert(contact);

        assertThat(converted.unknownPaths()).containsExactlyInAnyOrder("properties.favorite_color", "loyalty");
        assertThat(JSON.readTree(converted.record().get(RawSchemas.EXTRA).toString()))
                .isEqualTo(json("{\"properties.favorite_color\":\"teal\",\"loyalty\":{\"tier\":\"gold\"}}"));
    }

    @Test
    void convertsNestedArraysOfRecords() throws Exception {
        var converter = new RecordConverter(schemas.schema("commerce", "orders"));
        var order = json("""
                {"id":450789469,"customer":{"id":207119551},"updated_at":"2026-03-01T07:00:00-05:00","currency":"USD",
                 "total_price":"409.94","line_items":[{"id":1,"product_id":2,"variant_id":3,"quantity":2,"price":"199.00"}]}""");

        GenericRecord record = converter.convert(order).record();

        assertThat(record.get("customer_id")).isEqualTo(207119551L);
        @SuppressWarnings("unchecked")
        List<GenericRecord> items = (List<GenericRecord>) record.get("line_items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("quantity")).isEqualTo(2);
        assertThat(items.get(0).get("price")).hasToString("199.00");
    }

    @Test
    void rejectsRecordsThatBreakTheSchemaWithAReasonNamingTheField() throws Exception {
        var orders = new RecordConverter(schemas.schema("commerce", "orders"));
        var contacts = new RecordConverter(schemas.schema("crm", "contacts"));

        assertThatThrownBy(() -> contacts.convert(json("{\"properties\":{},\"updatedAt\":\"2026-10-01T10:00:00Z\"}")))
                .isInstanceOf(RejectedRecordException.class).hasMessage("missing required field 'id'");
        assertThatThrownBy(() -> orders.convert(json("{\"id\":1,\"updated_at\":\"2026-10-01T10:00:00Z\",\"processed_at\":\"yesterday\"}")))
                .hasMessage("field 'processed_at': unparseable timestamp 'yesterday'");
        assertThatThrownBy(() -> orders.convert(json("{\"id\":\"abc\",\"updated_at\":\"2026-10-01T10:00:00Z\"}")))
                .hasMessage("field 'id': expected an integer, got string 'abc'");
        assertThatThrownBy(() -> orders.convert(json("""
                {"id":1,"updated_at":"2026-10-01T10:00:00Z","line_items":[{"quantity":"two"}]}""")))
                .hasMessage("field 'line_items[0].quantity': expected an integer, got string 'two'");
        assertThatThrownBy(() -> orders.convert(json("[1,2]"))).hasMessage("record is not a JSON object");
    }

    @Test
    void acceptsNumbersSentAsStringsButNotAsOtherText() throws Exception {
        var customers = new RecordConverter(schemas.schema("commerce", "customers"));

        GenericRecord record = customers.convert(json("{\"id\":\"42\",\"updated_at\":\"2026-10-01T10:00:00Z\"}")).record();

        assertThat(record.get("id")).isEqualTo(42L);
    }
}
