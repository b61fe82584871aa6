package io.sendtime.extract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import com.fasterxml.jackson.databind.JsonNode;

import io.sendtime.lake.PersonFields;
import io.sendtime.lake.QuarantineWriter.Rejected;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RejectedRecordException;
import io.sendtime.model.PersonIds;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.source.EntityDefinition;
import io.sendtime.source.JsonPaths;

/**
 * Validates a page against the entity's raw schema: records of a person who was erased (an identifier the
 * schema marks is in the erasure ledger) are counted and dropped before anything else, so they reach neither
 * the raw lake nor quarantine; records that break the schema are rejected with a reason, records outside the
 * window or already extracted by the previous run (the lookback overlap) are counted and left out, the rest
 * become Avro records with their lineage columns.
 */
public class PageConverter implements ItemProcessor<SourcePage, ConvertedPage> {

    private final EntityDefinition entity;
    private final RecordConverter converter;
    private final ExtractWindow window;
    private final Set<String> boundary;
    private final PersonFields person;
    private final Predicate<String> erased;
    /** The run id every record of the run carries, encoded once: the raw writer takes its bytes as they are. */
    private final Utf8 runIdText;
    private final int runIdPos;
    private final int extractedAtPos;
    private final int sourceUpdatedAtPos;

    /**
     * @param erased whether a qualified identifier ({@code <kind>:<value>}) belongs to someone erased
     *               ({@link io.sendtime.privacy.ErasureLedger#matcher()})
     */
    public PageConverter(EntityDefinition entity, RecordConverter converter, ExtractWindow window,
                         Set<String> boundary, String runId, Predicate<String> erased) {
        this.person = new PersonFields(converter.schema());
        this.erased = erased;
        this.entity = entity;
        this.converter = converter;
        this.window = window;
        this.boundary = boundary;
        this.runIdText = new Utf8(runId);
        this.runIdPos = converter.schema().getField(RawSchemas.RUN_ID).pos();
        this.extractedAtPos = converter.schema().getField(RawSchemas.EXTRACTED_AT).pos();
        this.sourceUpdatedAtPos = converter.schema().getField(RawSchemas.SOURCE_UPDATED_AT).pos();
    }

    @Override
    public ConvertedPage process(SourcePage page) {
        List<JsonNode> fetched = page.records(); // parsed here when the page came unparsed
        List<GenericRecord> records = new ArrayList<>(fetched.size());
        List<Rejected> rejected = new ArrayList<>();
        Set<String> unknown = new HashSet<>();
        int outside = 0;
        int duplicates = 0;
        int erasedRecords = 0;
        long extractedAt = RecordConverter.toMicros(page.fetchedAt());
        for (JsonNode json : fetched) {
            if (isErased(json)) {
                erasedRecords++;
                continue;
            }
            try {
                Optional<String> id = entity.idOf(json);
                if (id.isEmpty() || id.get().isBlank()) {
                    throw new RejectedRecordException("missing id '" + entity.idField() + "'");
                }
                Instant cursor = entity.cursorOf(json).orElseThrow(() -> new RejectedRecordException(
                        "missing or unparseable cursor '" + entity.cursorField() + "'"));
                if (!window.contains(cursor)) {
                    outside++;
                    continue;
                }
                long cursorMicros = RecordConverter.toMicros(cursor);
                if (window.previousWatermark() != null && cursor.isBefore(window.previousWatermark())
                        && boundary.contains(Watermarks.key(id.get(), cursorMicros))) {
                    duplicates++;
                    continue;
                }
                RecordConverter.Converted converted = converter.convert(json);
                GenericRecord record = converted.record();
                converter.putSourceId(record, id.get());
                record.put(runIdPos, runIdText);
                record.put(extractedAtPos, extractedAt);
                record.put(sourceUpdatedAtPos, cursorMicros);
                unknown.addAll(converted.unknownPaths());
                records.add(record);
            } catch (RejectedRecordException e) {
                rejected.add(new Rejected(json.toString(), e.getMessage()));
            }
        }
        return new ConvertedPage(records, rejected, fetched.size(), outside, duplicates, erasedRecords, unknown);
    }

    /** Whether a field the schema marks as identifying holds an identifier of someone erased, read as received. */
    private boolean isErased(JsonNode json) {
        if (person.isEmpty() || erased == ErasureLedger.NOBODY) {
            return false;
        }
        for (var field : person.sourcePaths().entrySet()) {
            JsonNode value = JsonPaths.at(json, field.getValue());
            if (value != null && !value.isNull() && !value.isContainerNode()
                    && erased.test(PersonIds.qualified(person.fields().get(field.getKey()), value.asText()))) {
                return true;
            }
        }
        return false;
    }
}
