package io.sendtime.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one email service's webhook events become sendtime's {@code email_events}: a small declarative table
 * ({@code sendtime.serve.esp.<provider>}) naming where each column sits in the provider's event and which of the
 * provider's events (optionally narrowed by one field's value) means which {@link #KINDS kind}. A second provider is
 * configuration: its fields, its rules and its signature scheme. A request is checked whole, as the storefront's
 * is: one event that cannot be mapped refuses the request, every problem named with its position.
 */
public final class EspMapping {

    /** What an event means to sendtime, whatever the provider calls it. */
    public static final Set<String> KINDS = Set.of("processed", "delivered", "deferred", "open", "click", "hard_bounce",
            "soft_bounce", "invalid", "spam_report", "unsubscribe", "group_unsubscribe");
    /** The kinds that put the address on the suppression list the moment they are durable. */
    public static final Set<String> SUPPRESSING = Set.of("hard_bounce", "invalid", "spam_report", "unsubscribe",
            "group_unsubscribe");
    /** The consent channel sendtime's campaigns send on: a group unsubscribe from it suppresses. */
    public static final String MARKETING = "marketing_email";
    /** The most events one request may carry. */
    public static final int MAX_EVENTS = 10_000;
    private static final int MAX_ID = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One provider.
     *
     * @param signature {@code sendgrid} (ECDSA with the account's public key) or {@code standard-webhooks}
     *                  (HMAC with a shared secret)
     * @param keyEnv    the environment variable holding the public key or secret
     * @param fields    where each column sits in the provider's event
     * @param rules     the provider's events and what they mean; the first that matches wins
     * @param groups    unsubscribe group id to the consent channels it stands for; a group listed nowhere is taken
     *                  as marketing email (fail closed)
     */
    public record Provider(String signature, String keyEnv, Fields fields, List<Rule> rules,
                           Map<String, List<String>> groups) {
        public Provider {
            signature = signature == null ? "sendgrid" : signature;
            fields = fields == null ? new Fields(null, null, null, null, null, null, null, null, null, null, null) : fields;
            rules = rules == null ? List.of() : List.copyOf(rules);
            groups = groups == null ? Map.of() : Map.copyOf(groups);
        }
    }

    /**
     * Field names in the provider's event (top level). {@code timestampFormat}: {@code epoch-seconds} or {@code iso}.
     */
    public record Fields(String id, String event, String email, String timestamp, String timestampFormat,
                         String campaign, String sendId, String variant, String customerKey, String groupId,
                         String status) {
        public Fields {
            id = or(id, "sg_event_id");
            event = or(event, "event");
            email = or(email, "email");
            timestamp = or(timestamp, "timestamp");
            timestampFormat = or(timestampFormat, "epoch-seconds");
            campaign = or(campaign, "sendtime_campaign");
            sendId = or(sendId, "sendtime_send");
            variant = or(variant, "sendtime_variant");
            customerKey = or(customerKey, "sendtime_customer");
            groupId = or(groupId, "asm_group_id");
            status = or(status, "status");
        }

        private static String or(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    /** The provider's {@code event}, when {@code field} (if given) equals {@code value}, means {@code kind}. */
    public record Rule(String event, String field, String value, String kind) {}

    /** One mapped event: its id, kind and raw record (the columns of {@code webhooks.email_events}). */
    public record Mapped(String id, String kind, ObjectNode record) {}

    /** A request's events, or what is wrong with them (then none is kept). */
    public record Parsed(List<Mapped> events, List<String> problems) {
        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    private final String name;
    private final Provider provider;

    /** @throws IllegalArgumentException naming the key when a rule names no kind sendtime knows */
    public EspMapping(String name, Provider provider) {
        this.name = name;
        this.provider = provider;
        for (int i = 0; i < provider.rules().size(); i++) {
            Rule rule = provider.rules().get(i);
            String key = "sendtime.serve.esp." + name + ".rules[" + i + "]";
            if (rule.event() == null || rule.event().isBlank()) {
                throw new IllegalArgumentException(key + ".event is missing");
            }
            if (rule.kind() == null || !KINDS.contains(rule.kind())) {
                throw new IllegalArgumentException(key + ".kind: one of " + String.join(", ", new TreeSet<>(KINDS))
                        + ", not " + rule.kind());
            }
            if ((rule.field() == null) != (rule.value() == null)) {
                throw new IllegalArgumentException(key + ": field and value go together");
            }
        }
        if (!Set.of("sendgrid", "standard-webhooks").contains(provider.signature())) {
            throw new IllegalArgumentException("sendtime.serve.esp." + name + ".signature: sendgrid or standard-webhooks, not "
                    + provider.signature());
        }
        if (provider.rules().isEmpty()) {
            throw new IllegalArgumentException("sendtime.serve.esp." + name + ".rules is empty: no event would be taken");
        }
        if (!Set.of("epoch-seconds", "iso").contains(provider.fields().timestampFormat())) {
            throw new IllegalArgumentException("sendtime.serve.esp." + name + ".fields.timestamp-format: epoch-seconds or iso");
        }
    }

    public String name() {
        return name;
    }

    public Provider provider() {
        return provider;
    }

    /** Maps a request body; {@code received} is when the server took it. */
    public Parsed parse(byte[] body, Instant received) {
        EventArrays.Read read = EventArrays.read(body, MAX_EVENTS);
        if (read.problem() != null) {
            return refused(read.problem());
        }
        JsonNode root = read.array();
        List<Mapped> events = new ArrayList<>(root.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                events.add(map(root.get(i), received));
            } catch (IllegalArgumentException e) {
                problems.add("event " + i + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? new Parsed(List.copyOf(events), List.of()) : new Parsed(List.of(), List.copyOf(problems));
    }

    private Mapped map(JsonNode e, Instant received) {
        if (!e.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Fields f = provider.fields();
        String id = text(e, f.id());
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("no " + f.id() + " (the event's id)");
        }
        if (id.length() > MAX_ID) {
            throw new IllegalArgumentException("an id of " + id.length() + " characters: at most " + MAX_ID);
        }
        String event = text(e, f.event());
        if (event == null) {
            throw new IllegalArgumentException("no " + f.event());
        }
        String kind = kindOf(event, e);
        if (kind == null) {
            throw new IllegalArgumentException("unknown event type '" + abbreviate(event) + "' (sendtime.serve.esp." + name
                    + ".rules names " + String.join(", ", new TreeSet<>(provider.rules().stream().map(Rule::event).toList())) + ")");
        }
        String email = text(e, f.email());
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("no " + f.email());
        }
        Instant occurred = time(e.get(f.timestamp()), f);
        Long group = null;
        JsonNode g = e.get(f.groupId());
        if (g != null && !g.isNull()) {
            if (g.isIntegralNumber() && g.canConvertToLong()) {
                group = g.longValue();
            } else if (g.isTextual() && g.textValue().matches("\\d{1,18}")) {
                group = Long.parseLong(g.textValue());
            } else {
                throw new IllegalArgumentException(f.groupId() + " is not an integer");
            }
        }
        if (kind.equals("group_unsubscribe") && group == null) {
            throw new IllegalArgumentException(event + " without " + f.groupId());
        }
        ObjectNode record = JSON.createObjectNode()
                .put("event_id", id)
                .put("provider", name)
                .put("event", event)
                .put("kind", kind)
                .put("email", email.strip())
                .put("occurred_at", micros(occurred))
                .put("received_at", micros(received))
                .put("campaign", text(e, f.campaign()))
                .put("send_id", text(e, f.sendId()))
                .put("variant", text(e, f.variant()))
                .put("customer_key", text(e, f.customerKey()))
                .put("group_id", group)
                .put("status", text(e, f.status()));
        return new Mapped(id, kind, record);
    }

    /** Whether an event of this kind (and unsubscribe group) takes the address off sendtime's campaigns. */
    boolean suppresses(String kind, Long group) {
        if (!SUPPRESSING.contains(kind)) {
            return false;
        }
        if (!kind.equals("group_unsubscribe")) {
            return true;
        }
        List<String> channels = provider.groups().get(String.valueOf(group));
        return channels == null || channels.contains(MARKETING);
    }

    private String kindOf(String event, JsonNode e) {
        for (Rule rule : provider.rules()) {
            if (rule.event().equals(event)
                    && (rule.field() == null || rule.value().equals(text(e, rule.field())))) {
                return rule.kind();
            }
        }
        return null;
    }

    private static Instant time(JsonNode t, Fields f) {
        if (t == null || t.isNull()) {
            throw new IllegalArgumentException("no " + f.timestamp());
        }
        if (f.timestampFormat().equals("iso")) {
            try {
                return OffsetDateTime.parse(t.asText()).toInstant();
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException(f.timestamp() + " is not ISO-8601 with an offset");
            }
        }
        if (!t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0 || t.longValue() > 32503680000L) {
            throw new IllegalArgumentException(f.timestamp() + " is not Unix seconds");
        }
        return Instant.ofEpochSecond(t.longValue());
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static Parsed refused(String problem) {
        return new Parsed(List.of(), List.of(problem));
    }

    private static String abbreviate(String s) {
        String plain = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "?");
        return plain.length() <= 40 ? plain : plain.substring(0, 37) + "...";
    }
}
