package io.sendtime.extract;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.sendtime.config.ErrorMessages;
import io.sendtime.source.EntityDefinition;
import io.sendtime.source.SourceClients;

/**
 * The extract's partitions: one per entity named in the job parameters, and for an entity read in time slices
 * ({@link TimeSlices}) one per slice, its part of the window pinned in its context here. A restart keeps every
 * partition's context as its first attempt left it (Spring Batch restores it by the partition's name), so a slice
 * reads the same part however often it is resumed.
 */
final class EntityPartitioner implements Partitioner {

    private static final Logger log = LoggerFactory.getLogger(EntityPartitioner.class);

    private final JobParameters parameters;
    private final ExtractWindows windows;
    private final SourceClients clients;

    EntityPartitioner(JobParameters parameters, ExtractWindows windows, SourceClients clients) {
        this.parameters = parameters;
        this.windows = windows;
        this.clients = clients;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        String source = parameters.getString("source");
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (String entity : parameters.getString("entities").split(",")) {
            int slices = clients.definition(source).entity(entity).slices();
            if (slices <= 1) {
                partitions.put(entity, context(entity));
                continue;
            }
            ExtractWindow window = windows.decide(parameters, entity);
            List<ExtractWindow> parts = TimeSlices.cut(window, dataStart(source, entity, window), slices);
            List<String> names = TimeSlices.partitions(entity, slices);
            for (int i = 0; i < slices; i++) {
                ExecutionContext context = context(entity);
                context.putInt(TimeSlices.SLICE, i + 1);
                ExtractWindows.pin(context, parts.get(i));
                partitions.put(names.get(i), context);
            }
        }
        return partitions;
    }

    private static ExecutionContext context(String entity) {
        ExecutionContext context = new ExecutionContext();
        context.putString("entity", entity);
        return context;
    }

    /**
     * Where the entity's data begins, to cut the slices from: the window's start when it has one; for a window open
     * below (from 1970 or before: a first run, a full refresh, an interval from the beginning) the earliest cursor on the window's first page. A source that lists by
     * the cursor ascending gives the true start; another one a later start, which only balances the slices less
     * well (the first slice still begins at the window's start). A failed ask cuts from the window's start.
     */
    private Instant dataStart(String source, String entity, ExtractWindow window) {
        if (window.from().isAfter(Instant.EPOCH)) {
            return window.from();
        }
        EntityDefinition definition = clients.definition(source).entity(entity);
        try {
            return clients.client(source).fetchPage(entity, window.from(), window.to(), null).records().stream()
                    .map(definition::cursorOf).flatMap(Optional::stream).filter(window::contains)
                    .min(Comparator.naturalOrder()).orElse(window.from());
        } catch (RuntimeException e) {
            log.warn("{}.{}: asking where the data begins failed ({}); the time slices are cut from the window's start",
                    source, entity, ErrorMessages.oneLine(e));
            return window.from();
        }
    }
}
