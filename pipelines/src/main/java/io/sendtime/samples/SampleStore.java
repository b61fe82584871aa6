package io.sendtime.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records behind the sample APIs, one {@link Feed} per {@link Entity}, with a clock and the
 * mutations tests and the demo use: {@link #churn churn} and {@link #inject inject}.
 * Thread-safe; churn rounds are serialized.
 */
public final class SampleStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Map<Entity, Feed> feeds = new EnumMap<>(Entity.class);
    private final Map<Entity, Long> nextIdNumber = new EnumMap<>(Entity.class);
    private final Map<Entity, Integer> rounds = new EnumMap<>(Entity.class);
    private final Clock clock;
    private volatile Duration clockOffset = Duration.ZERO;
    private final String description;

    private SampleStore(SampleGenerator generator, Clock clock, String description) {
        this.clock = clock;
        this.description = description;
        for (Entity e : Entity.values()) {
            feeds.put(e, new Feed(e, generator));
        }
    }

    /** A store serving a generated dataset virtually: only churned records are held in memory. */
    public static SampleStore generated(long seed, int customers, Clock clock) {
        return new SampleStore(new SampleGenerator(seed, customers), clock,
                "generated(seed=" + seed + ", customers=" + customers + ")");
    }

    /** A store holding the JSONL files of a data-samples directory in memory. */
    public static SampleStore load(Path dir, Clock clock) {
        SampleStore store = new SampleStore(null, clock, "directory " + dir);
        for (Entity e : Entity.values()) {
            try (InputStream in = Files.newInputStream(dir.resolve(e.file()))) {
                store.loadFeed(e, in);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + dir.resolve(e.file()), ex);
            }
        }
        return store;
    }

    /** A store holding the committed sample data packaged on the classpath under {@code data-samples/}. */
    public static SampleStore loadClasspath(Clock clock) {
        SampleStore store = new SampleStore(null, clock, "classpath data-samples");
        for (Entity e : Entity.values()) {
            String resource = "/data-samples/" + e.file();
            try (InputStream in = SampleStore.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("sample data not on the classpath: " + resource);
                }
                store.loadFeed(e, in);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + resource, ex);
            }
        }
        return store;
    }

    private void loadFeed(Entity entity, InputStream in) throws IOException {
        Feed feed = feeds.get(entity);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = MAPPER.readTree(line);
            JsonNode id = node.get("id");
            JsonNode at = node.get(entity.sortField());
            if (id == null || at == null || !at.isTextual()) {
                throw new IllegalArgumentException(entity.file() + ":" + lineNo + " lacks id or " + entity.sortField());
            }
            feed.put(new SortKey(Timestamps.parse(at.asText(), false), id.asText()), line.strip(), -1);
        }
    }

    /** What the store serves, for logs. */
    public String description() { return description; }

    /** The store's current time: the given clock plus every {@link #advanceClock} so far. */
    public Instant now() {
        return clock.instant().plus(clockOffset);
    }

    /** Moves the store's clock forward (churn stamps records at or before {@link #now()}). */
    public synchronized void advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        clockOffset = clockOffset.plus(by);
    }

    /** Number of records a feed currently serves, injected raw records included. */
    public long size(Entity entity) {
        return feeds.get(entity).size();
    }

    Feed feed(Entity entity) {
        return feeds.get(entity);
    }

    /**
     * Puts an arbitrary JSON text into a feed at the given sort key, verbatim: it need not have
     * an id or the sort field, nor valid types. It is never picked by churn.
     *
     * @param rawJson one syntactically valid JSON value (it is embedded into the page as-is)
     */
    public void inject(Entity entity, Instant sortAt, String id, String rawJson) {
        feeds.get(entity).inject(new SortKey(Timestamps.micros(sortAt), id), rawJson.strip());
    }

    /** Applies one churn round to every feed. */
    public List<Change> churnAll(Churn churn) {
        List<Change> all = new ArrayList<>();
        for (Entity e : Entity.values()) {
            all.addAll(churn(e, churn));
        }
        return all;
    }

    /**
     * Applies one deterministic churn round to a feed: the same store, seed and sequence of calls
     * give the same changes. Records are picked without repetition within a round.
     *
     * @return the changes, in the order applied
     */
    public synchronized List<Change> churn(Entity entity, Churn churn) {
        Feed feed = feeds.get(entity);
        int round = rounds.merge(entity, 1, Integer::sum);
        SplittableRandom r = new SplittableRandom(SampleGenerator.mix(churn.seed() * 31 + entity.ordinal() * 1_000_003L + round));
        long now = Timestamps.micros(now());
        long spread = churn.spread().toNanos() / 1000;
        long tieAt = SampleGenerator.keyMicros(entity, now - spread / 2);
        List<Change> changes = new ArrayList<>(churn.total());
        Set<Long> picked = new HashSet<>();
        boolean immutable = entity == Entity.STOREFRONT_EVENTS;
        for (int n = 0; n < churn.total(); n++) {
            long at;
            Change.Kind kind;
            if (n < churn.creates()) {
                kind = Change.Kind.CREATE;
                at = now - (long) (r.nextDouble() * spread);
            } else if (n < churn.creates() + churn.updates()) {
                kind = Change.Kind.UPDATE;
                at = now - (long) (r.nextDouble() * spread);
            } else if (n < churn.creates() + churn.updates() + churn.deletes()) {
                kind = Change.Kind.DELETE;
                at = now - (long) (r.nextDouble() * spread);
            } else if (n < churn.total() - churn.late()) {
                kind = Change.Kind.UPDATE;
                at = tieAt;
            } else {
                kind = Change.Kind.UPDATE;
                at = now - churn.lateness().toNanos() / 1000 - r.nextInt(1_000_000);
            }
            if (immutable) {
                kind = Change.Kind.CREATE;
            }
            at = SampleGenerator.keyMicros(entity, at);
            Change change = kind == Change.Kind.CREATE ? create(feed, r, at) : modify(feed, r, picked, kind, at);
            if (change != null) {
                changes.add(change);
            }
        }
        return changes;
    }

    private Change create(Feed feed, SplittableRandom r, long at) {
        Entity entity = feed.entity();
        long pickable = feed.pickableCount();
        if (pickable == 0) {
            return null;
        }
        ObjectNode record = parse(feed.currentJson(r.nextLong(pickable)));
        String id = mintId(feed, record.get("id"));
        if (record.get("id").isNumber()) {
            record.put("id", Long.parseLong(id));
        } else {
            record.put("id", id);
        }
        String ts = SampleGenerator.render(entity, at);
        switch (entity) {
            case CONTACTS -> {
                record.put("createdAt", ts);
                record.put("archived", false);
                record.remove("archivedAt");
                ObjectNode props = (ObjectNode) record.get("properties");
                props.put("createdate", ts);
                props.put("email", "New.Contact" + id + "@Example.com");
                props.put("lifecyclestage", "subscriber");
            }
            case SUBSCRIPTIONS -> {
                record.put("contactId", id.substring(0, id.indexOf(':')));
                record.put("email", "new.contact" + id.substring(0, id.indexOf(':')) + "@example.com");
                record.put("status", "SUBSCRIBED");
                record.put("source", "preference_center");
            }
            case CUSTOMERS -> {
                record.put("email", "new.customer" + id + "@example.com");
                record.putNull("deleted_at");
                record.put("created_at", ts);
            }
            case ORDERS -> {
                record.put("name", "#" + id);
                record.put("created_at", ts);
                record.put("processed_at", ts);
                record.putNull("cancelled_at");
                record.putNull("cancel_reason");
                record.put("financial_status", "paid");
                record.putNull("fulfillment_status");
            }
            case PRODUCTS, CHECKOUTS -> record.put("created_at", ts);
            case STOREFRONT_EVENTS -> record.put("occurred_at",
                    Timestamps.utcMillis(at - r.nextInt(3_000) * 1_000L));
        }
        stamp(entity, record, ts);
        feed.put(new SortKey(at, id), record.toString(), -1);
        return new Change(entity, id, Change.Kind.CREATE, Timestamps.instant(at));
    }

    private Change modify(Feed feed, SplittableRandom r, Set<Long> picked, Change.Kind kind, long at) {
        Entity entity = feed.entity();
        long pickable = feed.pickableCount();
        if (picked.size() >= pickable) {
            return null;
        }
        long n;
        do {
            n = r.nextLong(pickable);
        } while (!picked.add(n));
        ObjectNode record = parse(feed.currentJson(n));
        String id = record.get("id").asText();
        String ts = SampleGenerator.render(entity, at);
        boolean delete = kind == Change.Kind.DELETE;
        switch (entity) {
            case CONTACTS -> {
                ObjectNode props = (ObjectNode) record.get("properties");
                if (delete) {
                    record.put("archived", true);
                    record.put("archivedAt", ts);
                } else {
                    String stage = props.path("lifecyclestage").asText("lead");
                    props.put("lifecyclestage", stage.equals("customer") ? "evangelist" : "customer");
                }
            }
            case SUBSCRIPTIONS -> {
                String status = record.path("status").asText();
                record.put("status", delete || status.equals("SUBSCRIBED") ? "UNSUBSCRIBED" : "SUBSCRIBED");
                record.put("source", delete ? "api" : "preference_center");
            }
            case CUSTOMERS -> {
                if (delete) {
                    record.put("deleted_at", ts);
                } else {
                    ObjectNode consent = (ObjectNode) record.get("email_marketing_consent");
                    boolean subscribed = consent.path("state").asText().equals("subscribed");
                    consent.put("state", subscribed ? "unsubscribed" : "subscribed");
                    consent.put("opt_in_level", "single_opt_in");
                    consent.put("consent_updated_at", ts);
                }
            }
            case ORDERS -> {
                if (delete) {
                    record.put("cancelled_at", ts);
                    record.put("cancel_reason", "customer");
                    record.put("financial_status", "voided");
                } else if (record.path("fulfillment_status").isNull()) {
                    record.put("fulfillment_status", "fulfilled");
                } else {
                    record.put("financial_status", "partially_refunded");
                }
            }
            case PRODUCTS -> {
                if (delete) {
                    record.put("status", "archived");
                } else {
                    for (JsonNode v : record.path("variants")) {
                        ((ObjectNode) v).put("inventory_quantity", r.nextInt(50));
                        ((ObjectNode) v).put("updated_at", ts);
                    }
                }
            }
            case CHECKOUTS -> {
                if (delete) {
                    record.put("completed_at", ts);
                }
            }
            case STOREFRONT_EVENTS -> throw new IllegalStateException("events are immutable");
        }
        stamp(entity, record, ts);
        long baseIndex = n < feed.baseCount() ? n : -1;
        feed.put(new SortKey(at, id), record.toString(), baseIndex);
        return new Change(entity, id, kind, Timestamps.instant(at));
    }

    /** Sets the feed's sort field (and its mirrors) to {@code ts}. */
    private static void stamp(Entity entity, ObjectNode record, String ts) {
        switch (entity) {
            case CONTACTS -> {
                record.put("updatedAt", ts);
                ((ObjectNode) record.get("properties")).put("lastmodifieddate", ts);
            }
            case SUBSCRIPTIONS -> {
                record.put("updatedAt", ts);
                record.put("timestamp", ts);
            }
            case STOREFRONT_EVENTS -> record.put("created_at", ts);
            default -> record.put("updated_at", ts);
        }
    }

    /** A fresh id shaped like {@code like}: its first run of digits replaced by max-so-far + 1. */
    private String mintId(Feed feed, JsonNode like) {
        Entity entity = feed.entity();
        long next = nextIdNumber.computeIfAbsent(entity, e -> maxIdNumber(feed) + 1);
        nextIdNumber.put(entity, next + 1);
        String text = like.asText();
        Matcher m = DIGITS.matcher(text);
        if (!m.find()) {
            return text + "-" + next;
        }
        String digits = Long.toString(next);
        int width = m.group().startsWith("0") ? m.group().length() : 0;
        while (digits.length() < width) {
            digits = "0" + digits;
        }
        return text.substring(0, m.start()) + digits + text.substring(m.end());
    }

    private static long maxIdNumber(Feed feed) {
        long max = 0;
        long pickable = feed.pickableCount();
        long base = feed.baseCount();
        if (base > 0) {
            max = firstNumber(feed.pickableId(base - 1));
        }
        for (long n = base; n < pickable; n++) {
            max = Math.max(max, firstNumber(feed.pickableId(n)));
        }
        return max;
    }

    private static long firstNumber(String id) {
        Matcher m = DIGITS.matcher(id);
        return m.find() ? Long.parseLong(m.group()) : 0;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
