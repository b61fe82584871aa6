package io.sendtime.extract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.sendtime.jobs.StepCounters;

/**
 * An entity's window read as time slices ({@code entities.<entity>.slices}, docs/sources.md "Time slices"): the
 * window {@code [from, to)} cut into consecutive parts, each one partition of the extract step with its own
 * requests, checkpoint and raw files ({@code <run>-s<slice>-<n>}), so that several requests of one large entity are
 * in flight. The parts tile the window: every record belongs to exactly one (the one holding its cursor, which the
 * conversion keeps to its slice), wherever the cuts fall; where they fall only balances the work. An entity of one
 * slice is the partition it always was, named by the entity alone. The commit and the summary see an entity's
 * slices as one ({@link #merged}).
 */
final class TimeSlices {

    /** The execution context key of a slice's number (1-based); absent for an entity read whole. */
    static final String SLICE = "slice";

    private TimeSlices() {
    }

    /** The partition names of an entity: the entity itself, or {@code <entity>#1} to {@code <entity>#<slices>}. */
    static List<String> partitions(String entity, int slices) {
        if (slices <= 1) {
            return List.of(entity);
        }
        List<String> names = new ArrayList<>(slices);
        for (int i = 1; i <= slices; i++) {
            names.add(entity + "#" + i);
        }
        return names;
    }

    /**
     * The window cut into {@code slices} consecutive parts: the first from {@code window.from()}, the last to {@code
     * window.to()}; the cuts at whole seconds (a bound in seconds or milliseconds is then exact), spread evenly from
     * {@code start} (where the data begins, as far as known; the window's start when before it) to the end. Parts may
     * be empty when the window is shorter than a second a slice.
     */
    static List<ExtractWindow> cut(ExtractWindow window, Instant start, int slices) {
        Instant from = window.from();
        Instant to = window.to();
        Instant low = start == null || start.isBefore(from) ? from : start;
        if (low.isAfter(to)) {
            low = to;
        }
        Duration span = Duration.between(low, to);
        List<ExtractWindow> parts = new ArrayList<>(slices);
        Instant previous = from;
        for (int i = 1; i <= slices; i++) {
            Instant end = i == slices ? to
                    : low.plus(span.multipliedBy(i).dividedBy(slices)).truncatedTo(ChronoUnit.SECONDS);
            if (end.isBefore(previous)) {
                end = previous;
            }
            if (end.isAfter(to)) {
                end = to;
            }
            parts.add(new ExtractWindow(previous, end, window.previousWatermark()));
            previous = end;
        }
        return parts;
    }

    /**
     * The last execution of each of an entity's partitions in a job instance, across restarts; an entry is null for
     * a partition that has none.
     */
    static List<StepExecution> lastSteps(JobRepository repository, JobInstance instance, String entity, int slices) {
        List<StepExecution> steps = new ArrayList<>();
        for (String partition : partitions(entity, slices)) {
            steps.add(repository.getLastStepExecution(instance, ExtractJobConfiguration.ENTITY_STEP + ":" + partition));
        }
        return steps;
    }

    /**
     * What an entity's partitions committed, as one partition's context: the window from the first slice's start to
     * the last one's end, the counters summed, the files in slice order, the new fields once each.
     */
    static ExecutionContext merged(List<ExecutionContext> slices) {
        if (slices.size() == 1) {
            return slices.get(0);
        }
        ExecutionContext merged = new ExecutionContext();
        Instant from = null;
        Instant to = null;
        int pages = 0;
        List<String> files = new ArrayList<>();
        List<String> quarantineFiles = new ArrayList<>();
        Set<String> newFields = new LinkedHashSet<>();
        for (ExecutionContext slice : slices) {
            Instant sliceFrom = ExtractJobConfiguration.parseInstant(slice.getString(ExtractWindows.FROM, ""));
            Instant sliceTo = ExtractJobConfiguration.parseInstant(slice.getString(ExtractWindows.TO, ""));
            if (sliceFrom != null && (from == null || sliceFrom.isBefore(from))) {
                from = sliceFrom;
            }
            if (sliceTo != null && (to == null || sliceTo.isAfter(to))) {
                to = sliceTo;
            }
            pages += slice.getInt(SourcePageReader.PAGES, 0);
            files.addAll(StepCounters.split(slice.getString(RawChunkWriter.FILES, "")));
            quarantineFiles.addAll(StepCounters.split(slice.getString(RawChunkWriter.QUARANTINE_FILES, "")));
            newFields.addAll(StepCounters.split(slice.getString(RawChunkWriter.NEW_FIELDS, "")));
            for (String counter : List.of(RawChunkWriter.READ, RawChunkWriter.WRITTEN, RawChunkWriter.QUARANTINED,
                    RawChunkWriter.OUTSIDE, RawChunkWriter.DUPLICATES, RawChunkWriter.ERASED)) {
                merged.putLong(counter, merged.getLong(counter, 0) + slice.getLong(counter, 0));
            }
            if (slice.containsKey(ExtractWindows.PREVIOUS)) {
                merged.putString(ExtractWindows.PREVIOUS, slice.getString(ExtractWindows.PREVIOUS));
            }
        }
        if (from != null) {
            merged.putString(ExtractWindows.FROM, from.toString());
        }
        if (to != null) {
            merged.putString(ExtractWindows.TO, to.toString());
        }
        merged.putInt(SourcePageReader.PAGES, pages);
        merged.putString(RawChunkWriter.FILES, StepCounters.join(files));
        merged.putString(RawChunkWriter.QUARANTINE_FILES, StepCounters.join(quarantineFiles));
        merged.putString(RawChunkWriter.NEW_FIELDS, StepCounters.join(new ArrayList<>(newFields)));
        return merged;
    }
}
