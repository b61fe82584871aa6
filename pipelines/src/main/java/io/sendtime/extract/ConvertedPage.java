package io.sendtime.extract;

import java.util.List;
import java.util.Set;

import org.apache.avro.generic.GenericRecord;

import io.sendtime.lake.QuarantineWriter.Rejected;

/**
 * A page after validation: the records to write, those rejected to quarantine, and the counts of
 * those deliberately not written (outside the window, already extracted by the previous run, or of a
 * person who was erased).
 */
public record ConvertedPage(List<GenericRecord> records, List<Rejected> rejected, int read,
                            int outsideWindow, int alreadyExtracted, int erased, Set<String> unknownFields) {}
