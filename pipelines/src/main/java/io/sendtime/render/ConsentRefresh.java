package io.sendtime.render;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import io.sendtime.config.ConsentSettings;
import io.sendtime.config.ErrorMessages;
import io.sendtime.lake.RawSchemas;
import io.sendtime.lake.RecordConverter;
import io.sendtime.lake.RejectedRecordException;
import io.sendtime.source.RestSourceClient;
import io.sendtime.source.SourceClients;

/**
 * Consent as the sources state it at the moment of sending: one incremental pass over each consent entity
 * ({@code sendtime.consent.refresh}) for every change since the data the warehouse holds (minus the source's
 * lookback), through the source's own client (its rate limit and retries), all entities at once, within
 * {@code sendtime.consent.refresh-timeout}. Each record is converted as the extract converts it (the raw
 * schema's fields); sql/render/consent/&lt;entity&gt;.sql turns them into statements. Any failure (the source
 * down, a timeout, a record that cannot be read, an entity without a raw schema) fails the whole refresh:
 * the caller refuses the send unless the operator allowed the last load's consent.
 */
final class ConsentRefresh {

    /** One entity's records as read just now, each as a JSON object of the raw schema's fields. */
    record Records(String source, String entity, List<String> records) {}

    /**
     * @param checkedAt every change up to this instant was read (the upper bound of every pass)
     * @param channels  the consent channel each CRM subscription type states
     */
    record Refreshed(List<Records> entities, Instant checkedAt, Map<String, String> channels) {
        /** Nothing read: the last load's consent stands. */
        static Refreshed none(Instant at) {
            return new Refreshed(List.of(), at, Map.of());
        }

        long records() {
            return entities.stream().mapToLong(e -> e.records().size()).sum();
        }
    }

    /** The refresh failed; the message says which entity and why, in one line. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private final SourceClients sources;
    private final ConsentSettings settings;
    private final RawSchemas schemas;

    ConsentRefresh(SourceClients sources, ConsentSettings settings, RawSchemas schemas) {
        this.sources = sources;
        this.settings = settings;
        this.schemas = schemas;
    }

    /**
     * @param since per {@code source:entity}, the end of the data the warehouse holds (absent: from the beginning)
     */
    Refreshed fetch(Map<String, Instant> since) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String[]> entities = new ArrayList<>();
        settings.refresh().forEach((source, list) -> list.forEach(entity -> entities.add(new String[] {source, entity})));
        if (entities.isEmpty()) {
            return new Refreshed(List.of(), to, settings.channelOfSubscription());
        }
        ExecutorService pool = Executors.newFixedThreadPool(entities.size());
        try {
            List<Future<Records>> futures = new ArrayList<>();
            for (String[] e : entities) {
                futures.add(pool.submit(() -> read(e[0], e[1], since.get(e[0] + ":" + e[1]), to)));
            }
            long deadline = System.nanoTime() + settings.refreshTimeout().toNanos();
            List<Records> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                String name = entities.get(i)[0] + " " + entities.get(i)[1];
                try {
                    out.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException ex) {
                    throw new Failed(name + ": no complete answer within " + settings.refreshTimeout().toSeconds() + " s");
                } catch (ExecutionException ex) {
                    throw new Failed(name + ": " + ErrorMessages.message(ex.getCause()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new Failed(name + ": interrupted");
                }
            }
            return new Refreshed(out, to, settings.channelOfSubscription());
        } finally {
            pool.shutdownNow();
        }
    }

    private Records read(String source, String entity, Instant since, Instant to) {
        if (!schemas.has(source, entity)) {
            throw new IllegalStateException("no raw schema for " + source + "/" + entity
                    + " (sendtime.consent.refresh names an entity the extract does not know)");
        }
        RestSourceClient client = sources.client(source);
        Duration lookback = sources.definition(source).lookbackOf(entity);
        Instant from = since == null ? Instant.EPOCH : since.minus(lookback);
        RecordConverter converter = new RecordConverter(schemas.schema(source, entity));
        List<String> records = new ArrayList<>();
        client.forEachRecord(entity, from, to,
                json -> records.add(GenericData.get().toString(convert(converter, json, records.size()))));
        return new Records(source, entity, records);
    }

    private static GenericRecord convert(RecordConverter converter, JsonNode json, int index) {
        try {
            return converter.convert(json).record();
        } catch (RejectedRecordException e) {
            // a record that cannot be read may be an unsubscribe: the refresh cannot vouch for anyone
            throw new IllegalStateException("record " + (index + 1) + " cannot be read (" + e.getMessage() + ")");
        }
    }

}
