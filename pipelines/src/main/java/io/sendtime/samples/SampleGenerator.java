package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sendtime.samples.Vocabulary.Category;
import io.sendtime.samples.Vocabulary.Country;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic, index-addressable sample data: every record of every feed is a pure function of
 * (seed, customers, entity, index), so a dataset of any size is served or written without holding
 * it in memory.
 *
 * <p>The base record at index {@code i} of a feed was last updated at a time that grows with
 * {@code i} across [{@link #START}, {@link #END}), and ids grow with {@code i} too, so index order
 * is the feed's (updated-at, id) order and a time range maps to an index range by binary search.
 *
 * <p>Sizes for {@code customers = N}: N contacts (2N subscriptions), N commerce customers, 3N
 * orders, N/2 abandoned checkouts, 20N storefront events and N/500 products (40 to 2,000).
 * Most people exist in both systems with the same email (the CRM copy in varying case and
 * whitespace); every 20th contact and every 20th customer is a person the other system lacks.
 */
public final class SampleGenerator {

    /** Earliest base timestamp. */
    public static final Instant START = Instant.parse("2024-01-01T12:00:00Z");
    /** Base timestamps are before this; churn happens after it. */
    public static final Instant END = Instant.parse("2026-10-01T00:00:00Z");

    /** The largest dataset the generator accepts (events stay below 2^31). */
    public static final int MAX_CUSTOMERS = 50_000_000;

    private static final long START_MS = START.toEpochMilli();
    private static final long SPAN_MS = END.toEpochMilli() - START_MS;
    /** The catalog grows over the first half year: product p exists from START + p * this / products. */
    private static final long CATALOG_MS = Duration.ofDays(180).toMillis();
    private static final long DAY_MS = 86_400_000L;
    private static final ZoneRules SHOP_ZONE = ZoneId.of("America/New_York").getRules();

    private static final int S_CONTACT = 1, S_SUB = 2, S_CUSTOMER = 3, S_ORDER = 4, S_PRODUCT = 5,
            S_CHECKOUT = 6, S_EVENT = 7, S_PERSON = 8, S_CONSENT = 9, S_CUST_CREATED = 10, S_PRICE = 11,
            S_CART_CUSTOMER = 12, S_CART_ITEMS = 13, S_JITTER = 14, S_SESSION = 15;

    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

    private final long seed;
    private final int customers;

    /**
     * @param seed      any long; the same seed and size always give the same bytes
     * @param customers number of people (1 .. {@value #MAX_CUSTOMERS})
     */
    public SampleGenerator(long seed, int customers) {
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw new IllegalArgumentException("customers must be 1.." + MAX_CUSTOMERS + ", was " + customers);
        }
        this.seed = seed;
        this.customers = customers;
    }

    public long seed() { return seed; }

    public int customers() { return customers; }

    /** Number of base records in a feed. */
    public long count(Entity entity) {
        long n = customers;
        return switch (entity) {
            case CONTACTS, CUSTOMERS -> n;
            case SUBSCRIPTIONS -> 2 * n;
            case ORDERS -> 3 * n;
            case PRODUCTS -> Math.max(40, Math.min(2_000, n / 500));
            case CHECKOUTS -> Math.max(1, n / 2);
            case STOREFRONT_EVENTS -> 20 * n;
        };
    }

    // ---------------------------------------------------------------- time axis

    /** Last-update time (epoch ms) of base record {@code i}: strictly increasing in i. */
    long gridMs(Entity entity, long i) {
        long n = count(entity);
        long step = SPAN_MS / n;
        long rem = SPAN_MS % n;
        return START_MS + i * step + i * rem / n;
    }

    private long baseMicros(Entity entity, long i) {
        long micros = gridMs(entity, i) * 1_000L;
        if (entity.system() == Entity.SourceSystem.COMMERCE && entity != Entity.STOREFRONT_EVENTS) {
            micros += Long.remainderUnsigned(hash(S_JITTER, i), 1_000L);
        }
        return keyMicros(entity, micros);
    }

    /** Sort key of base record {@code i}; keys strictly increase with i. */
    public SortKey key(Entity entity, long i) {
        return new SortKey(baseMicros(entity, i), id(entity, i));
    }

    /** Sort-key time of base record {@code i} as an instant. */
    public Instant updatedAt(Entity entity, long i) {
        return Timestamps.instant(baseMicros(entity, i));
    }

    /**
     * The precision a feed's timestamps are written with at a given moment: the CRM and storefront
     * events always use milliseconds; the commerce records use whole seconds, except on every fifth
     * (UTC) day, where they carry microseconds.
     */
    public static long keyMicros(Entity entity, long micros) {
        return Timestamps.truncate(micros, fractionDigits(entity, micros));
    }

    private static int fractionDigits(Entity entity, long micros) {
        if (entity.system() == Entity.SourceSystem.CRM || entity == Entity.STOREFRONT_EVENTS) {
            return 3;
        }
        return Math.floorMod(Math.floorDiv(micros, DAY_MS * 1000), 5) == 0 ? 6 : 0;
    }

    /**
     * Writes a timestamp the way the feed writes it: the CRM and events in UTC with {@code Z};
     * the shop in its New York offset, except every seventh day in {@code Z}.
     * The value is first truncated with {@link #keyMicros}.
     */
    public static String render(Entity entity, long micros) {
        long k = keyMicros(entity, micros);
        if (entity.system() == Entity.SourceSystem.CRM || entity == Entity.STOREFRONT_EVENTS) {
            return Timestamps.utcMillis(k);
        }
        long day = Math.floorDiv(k, DAY_MS * 1000);
        int offset = Math.floorMod(day, 7) == 3 ? 0
                : SHOP_ZONE.getOffset(Timestamps.instant(k)).getTotalSeconds();
        return Timestamps.format(k, fractionDigits(entity, k), offset, true);
    }

    // ---------------------------------------------------------------- ids

    /** Id of base record {@code i} as it sorts (numbers in decimal). */
    public String id(Entity entity, long i) {
        return switch (entity) {
            case CONTACTS -> Long.toString(contactId(i));
            case SUBSCRIPTIONS -> contactId(i / 2) + ":" + subscriptionType(i);
            case CUSTOMERS -> Long.toString(customerId(i));
            case ORDERS -> Long.toString(orderId(i));
            case PRODUCTS -> Long.toString(productId(i));
            case CHECKOUTS -> Long.toString(checkoutId(i));
            case STOREFRONT_EVENTS -> eventId(i);
        };
    }

    static long contactId(long i) { return 1001 + i; }

    static long customerId(long i) { return 207_119_551L + i * 1013; }

    static long orderId(long k) { return 450_789_469L + k * 7; }

    static long productId(long p) { return 632_910_392L + p * 11; }

    static long variantId(long p, int v) { return 808_950_810L + p * 8 + v; }

    static long checkoutId(long j) { return 901_414_060L + j * 13; }

    static String eventId(long e) {
        String n = Long.toString(e + 1);
        return "evt_" + "000000000".substring(Math.min(9, n.length())) + n;
    }

    private static String subscriptionType(long j) {
        return (j & 1) == 0 ? "marketing_email" : "product_updates";
    }

    // ---------------------------------------------------------------- writing

    /** Writes base record {@code i} of a feed as one JSON object. */
    public void write(Entity entity, long i, JsonGenerator g) throws IOException {
        switch (entity) {
            case CONTACTS -> writeContact(i, g);
            case SUBSCRIPTIONS -> writeSubscription(i, g);
            case CUSTOMERS -> writeCustomer(i, g);
            case ORDERS -> writeOrder(i, g);
            case PRODUCTS -> writeProduct(i, g);
            case CHECKOUTS -> writeCheckout(i, g);
            case STOREFRONT_EVENTS -> writeEvent(i, g);
        }
    }

    /** Base record {@code i} as JSON text. */
    public String json(Entity entity, long i) {
        try {
            var out = new java.io.ByteArrayOutputStream(512);
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                write(entity, i, g);
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the whole dataset to {@code dir} in the data-samples layout
     * ({@code crm/contacts.jsonl}, ..., {@code commerce/storefront_events.jsonl}), one record per
     * line in feed order, in constant memory.
     *
     * @return records written per entity
     */
    public Map<Entity, Long> writeDataset(Path dir) throws IOException {
        Map<Entity, Long> counts = new EnumMap<>(Entity.class);
        for (Entity entity : Entity.values()) {
            Path file = dir.resolve(entity.file());
            Files.createDirectories(file.getParent());
            long n = count(entity);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                 JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                for (long i = 0; i < n; i++) {
                    write(entity, i, g);
                    g.writeRaw('\n');
                }
            }
            counts.put(entity, n);
        }
        return counts;
    }

    // ---------------------------------------------------------------- people

    /** A person as both systems know them. */
    record Person(Country country, String firstName, String lastName, String email, String city,
                  String province, String zip, String phoneDigits) {
    }

    /** The person behind contact i and customer i, or (alt) a person only one system knows. */
    Person person(long i, boolean alt) {
        SplittableRandom r = rng(S_PERSON, alt ? ~i : i);
        int slot;
        int f;
        int l;
        String email;
        if (alt) {
            slot = (int) ((i * 7 + 3) % 16);
            f = r.nextInt(6);
            l = r.nextInt(6);
        } else {
            slot = (int) (i % 16);
            long k = i / 16;
            f = (int) (k % 6);
            l = (int) (k / 6 % 6);
        }
        Country c = Vocabulary.SLOT_COUNTRY[slot];
        String local = c.firstNames()[f][1] + "." + c.lastNames()[l][1];
        if (alt) {
            email = local + "." + i + "@inbox.example.net";
        } else {
            long suffix = i / 16 / 36;
            email = local + (suffix > 0 ? Long.toString(suffix) : "") + "@" + Vocabulary.SLOT_DOMAIN[slot];
        }
        String[] city = c.cities()[r.nextInt(c.cities().length)];
        String phone = r.nextDouble() < 0.15 ? null : sevenDigits(r.nextInt(10_000_000));
        return new Person(c, c.firstNames()[f][0], c.lastNames()[l][0], email, city[0], city[1], city[2], phone);
    }

    /**
     * A number below 10,000,000 as seven ASCII digits, zero-padded: what {@code String.format("%07d")} gives in an
     * ASCII-digit locale, without its formatter (an eighth of the sample API's samples) or the default locale's digits.
     */
    static String sevenDigits(int n) {
        String digits = Integer.toString(n);
        return "0000000".substring(digits.length()) + digits;
    }

    Person contactPerson(long i) { return person(i, i % 20 == 13); }

    Person customerPerson(long i) { return person(i, i % 20 == 7); }

    /** One roll per person, shared by the CRM marketing subscription and the shop consent. */
    private double consentRoll(long i) {
        return (hash(S_CONSENT, i) >>> 11) * 0x1.0p-53;
    }

    private static String crmEmailVariant(String email, long i) {
        return switch ((int) (i % 4)) {
            case 0 -> capitalizeParts(email);
            case 2 -> " " + email + " ";
            case 3 -> email.toUpperCase(java.util.Locale.ROOT);
            default -> email;
        };
    }

    private static String capitalizeParts(String email) {
        StringBuilder b = new StringBuilder(email.length());
        boolean up = true;
        for (char ch : email.toCharArray()) {
            b.append(up ? Character.toUpperCase(ch) : ch);
            up = ch == '.' || ch == '@';
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- CRM

    private void writeContact(long i, JsonGenerator g) throws IOException {
        SplittableRandom r = rng(S_CONTACT, i);
        Person p = contactPerson(i);
        long upd = baseMicros(Entity.CONTACTS, i);
        long created = keyMicros(Entity.CONTACTS, START_MS * 1000 + (long) ((upd - START_MS * 1000) * (0.05 + 0.9 * r.nextDouble())));
        boolean archived = i % 53 == 17;
        String updated = render(Entity.CONTACTS, upd);
        String createdS = render(Entity.CONTACTS, created);
        g.writeStartObject();
        g.writeStringField("id", Long.toString(contactId(i)));
        g.writeObjectFieldStart("properties");
        g.writeStringField("email", i % 25 == 3 ? null : crmEmailVariant(p.email(), i));
        g.writeStringField("firstname", p.firstName());
        g.writeStringField("lastname", p.lastName());
        if (i % 20 != 11) { // some contacts lack the property entirely, others have it null
            g.writeStringField("phone", p.phoneDigits() == null ? null
                    : p.country().phonePrefix() + " " + p.phoneDigits().substring(0, 3) + " " + p.phoneDigits().substring(3));
        }
        g.writeStringField("city", p.city());
        g.writeStringField("country", p.country().name());
        g.writeStringField("language", p.country().language());
        boolean buyer = i % 20 != 13;
        g.writeStringField("lifecyclestage", buyer ? (r.nextDouble() < 0.1 ? "evangelist" : "customer")
                : Vocabulary.LIFECYCLE[r.nextInt(4)]);
        g.writeStringField("createdate", createdS);
        g.writeStringField("lastmodifieddate", updated);
        g.writeEndObject();
        g.writeStringField("createdAt", createdS);
        g.writeStringField("updatedAt", updated);
        g.writeBooleanField("archived", archived);
        if (archived) {
            g.writeStringField("archivedAt", updated);
        }
        g.writeEndObject();
    }

    private void writeSubscription(long j, JsonGenerator g) throws IOException {
        long i = j / 2;
        SplittableRandom r = rng(S_SUB, j);
        Person p = contactPerson(i);
        boolean marketing = (j & 1) == 0;
        String email = i % 25 == 3 ? null : p.email();
        double roll = marketing ? consentRoll(i) : r.nextDouble();
        String status;
        String source;
        if (email == null) {
            status = "NOT_SPECIFIED";
            source = "import";
        } else if (roll < 0.68) {
            status = "SUBSCRIBED";
            source = pick(r, "preference_center", "import", "api");
        } else if (roll < 0.85) {
            status = "UNSUBSCRIBED";
            source = pick(r, "preference_center", "preference_center", "bounce", "complaint");
        } else {
            status = "NOT_SPECIFIED";
            source = "import";
        }
        String updated = render(Entity.SUBSCRIPTIONS, baseMicros(Entity.SUBSCRIPTIONS, j));
        g.writeStartObject();
        g.writeStringField("id", id(Entity.SUBSCRIPTIONS, j));
        g.writeStringField("contactId", Long.toString(contactId(i)));
        g.writeStringField("email", email);
        g.writeStringField("subscriptionId", subscriptionType(j));
        g.writeStringField("subscriptionName", marketing ? "Marketing email" : "Product updates");
        g.writeStringField("status", status);
        g.writeStringField("source", source);
        g.writeStringField("timestamp", updated);
        g.writeStringField("updatedAt", updated);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- commerce

    private long customerCreatedMs(long c) {
        double u = 0.05 + 0.9 * ((hash(S_CUST_CREATED, c) >>> 11) * 0x1.0p-53);
        return START_MS + (long) ((gridMs(Entity.CUSTOMERS, c) - START_MS) * u);
    }

    /** A customer already known at tMs, biased towards recent sign-ups. */
    private long pickCustomer(long tMs, SplittableRandom r) {
        long n = count(Entity.CUSTOMERS);
        long c = Math.min(n - 1, (tMs - START_MS) * n / SPAN_MS);
        while (c + 1 < n && gridMs(Entity.CUSTOMERS, c + 1) <= tMs) {
            c++;
        }
        while (c > 0 && gridMs(Entity.CUSTOMERS, c) > tMs) {
            c--;
        }
        double u = r.nextDouble();
        return c - (long) (c * u * u);
    }

    private void writeCustomer(long i, JsonGenerator g) throws IOException {
        SplittableRandom r = rng(S_CUSTOMER, i);
        Person p = customerPerson(i);
        long upd = baseMicros(Entity.CUSTOMERS, i);
        long created = Math.min(upd, customerCreatedMs(i) * 1000);
        double consent = consentRoll(i);
        g.writeStartObject();
        g.writeNumberField("id", customerId(i));
        g.writeStringField("email", p.email());
        g.writeStringField("first_name", p.firstName());
        g.writeStringField("last_name", p.lastName());
        g.writeStringField("phone", p.phoneDigits() == null ? null : (p.country().phonePrefix() + p.phoneDigits()).replace(" ", ""));
        g.writeStringField("state", r.nextDouble() < 0.9 ? "enabled" : pick(r, "disabled", "invited"));
        g.writeStringField("currency", p.country().currency());
        g.writeStringField("tags", Vocabulary.CUSTOMER_TAGS[r.nextInt(Vocabulary.CUSTOMER_TAGS.length)]);
        g.writeBooleanField("verified_email", r.nextDouble() < 0.9);
        g.writeObjectFieldStart("email_marketing_consent");
        long consentAt = created + (long) ((upd - created) * r.nextDouble());
        if (consent < 0.68) {
            g.writeStringField("state", "subscribed");
            g.writeStringField("opt_in_level", r.nextBoolean() ? "single_opt_in" : "confirmed_opt_in");
            g.writeStringField("consent_updated_at", render(Entity.CUSTOMERS, consentAt));
        } else if (consent < 0.85) {
            g.writeStringField("state", "unsubscribed");
            g.writeStringField("opt_in_level", "single_opt_in");
            g.writeStringField("consent_updated_at", render(Entity.CUSTOMERS, consentAt));
        } else {
            g.writeStringField("state", "not_subscribed");
            g.writeNullField("opt_in_level");
            g.writeNullField("consent_updated_at");
        }
        g.writeEndObject();
        g.writeObjectFieldStart("default_address");
        g.writeStringField("city", p.city());
        g.writeStringField("province", p.province());
        g.writeStringField("country", p.country().name());
        g.writeStringField("country_code", p.country().code());
        g.writeStringField("zip", p.zip());
        g.writeEndObject();
        g.writeStringField("created_at", render(Entity.CUSTOMERS, created));
        String updated = render(Entity.CUSTOMERS, upd);
        g.writeStringField("updated_at", updated);
        g.writeStringField("deleted_at", i % 61 == 23 ? updated : null);
        g.writeEndObject();
    }

    /** A line (product, variant, quantity). */
    private record Item(long product, int variant, int quantity) {
    }

    private Category category(long p) {
        return Vocabulary.CATEGORIES[(int) (p % Vocabulary.CATEGORIES.length)];
    }

    private long productCreatedMs(long p) {
        return START_MS + p * CATALOG_MS / count(Entity.PRODUCTS);
    }

    private long pickProduct(long tMs, SplittableRandom r) {
        long np = count(Entity.PRODUCTS);
        long max = Math.min(np - 1, (tMs - START_MS) * np / CATALOG_MS);
        double u = r.nextDouble();
        return Math.min(max, (long) ((max + 1) * u * u));
    }

    private long priceUsdCents(long p) {
        Category c = category(p);
        long span = (c.maxCents() - c.minCents()) / 100;
        long dollars = c.minCents() / 100 + Long.remainderUnsigned(hash(S_PRICE, p), span + 1);
        return dollars * 100 + 99;
    }

    private String productTitle(long p) {
        Category c = category(p);
        long n = p / Vocabulary.CATEGORIES.length;
        String model = c.models()[(int) (n % c.models().length)];
        long generation = n / c.models().length + 1;
        return generation > 1 ? model + " " + generation : model;
    }

    private String variantTitle(long p, int v) {
        String option = category(p).options()[v];
        if (option.equals("Default Title")) {
            return option;
        }
        boolean colored = Character.isDigit(option.charAt(0)) || option.length() <= 2;
        return colored ? Vocabulary.COLORS[(int) Long.remainderUnsigned(hash(S_PRICE, ~p), 6)] + " / " + option : option;
    }

    private String sku(long p, int v) {
        return category(p).canonical().replace("_", "").substring(0, 3).toUpperCase(java.util.Locale.ROOT) + "-" + p + "-"
                + category(p).options()[v].replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    private List<Item> drawItems(SplittableRandom r, long tMs, int max) {
        int lines = 1 + (r.nextDouble() < 0.6 ? 0 : r.nextInt(max));
        List<Item> items = new ArrayList<>(lines);
        for (int n = 0; n < lines; n++) {
            long p = pickProduct(tMs, r);
            int v = r.nextInt(category(p).options().length);
            items.add(new Item(p, v, r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(2)));
        }
        return items;
    }

    private long checkoutCustomer(long j) {
        return pickCustomer(gridMs(Entity.CHECKOUTS, j), rng(S_CART_CUSTOMER, j));
    }

    private List<Item> cartItems(long j) {
        return drawItems(rng(S_CART_ITEMS, j), gridMs(Entity.CHECKOUTS, j), 3);
    }

    private static long toMinor(long usdCents, String currency) {
        double minor = usdCents * (Vocabulary.fxPerMille(currency) / 1000.0);
        return Vocabulary.zeroDecimal(currency) ? Math.round(minor / 100) : Math.round(minor);
    }

    static String money(long minor, String currency) {
        if (Vocabulary.zeroDecimal(currency)) {
            return Long.toString(minor);
        }
        long cents = Math.abs(minor % 100);
        return (minor < 0 ? "-" : "") + Math.abs(minor / 100) + (cents < 10 ? ".0" : ".") + cents;
    }

    private void writeOrder(long k, JsonGenerator g) throws IOException {
        SplittableRandom r = rng(S_ORDER, k);
        long tMs = gridMs(Entity.ORDERS, k);
        long upd = baseMicros(Entity.ORDERS, k);
        long c;
        List<Item> items;
        long createdMs;
        long j = k / 12;
        long month = Duration.ofDays(30).toMillis();
        if (k % 12 == 5 && j < count(Entity.CHECKOUTS)) {
            // the purchase that followed abandoned checkout j: same customer, same cart
            c = checkoutCustomer(j);
            items = cartItems(j);
            long cartMs = gridMs(Entity.CHECKOUTS, j);
            createdMs = Math.min(tMs, Math.max(cartMs + 1000, tMs - (long) (r.nextDouble() * month)));
        } else {
            c = pickCustomer(tMs, r);
            items = drawItems(r, tMs, 4);
            createdMs = Math.max(customerCreatedMs(c), tMs - (long) (r.nextDouble() * month));
        }
        long created = Math.min(upd, createdMs * 1000);
        Person p = customerPerson(c);
        // a few orders are paid in another currency than the customer's own (bought abroad, or in the shop's
        // USD market): converted into the profile's money features by the rates of their day
        String currency = k % 12 != 5 && k % 29 == 11
                ? (p.country().currency().equals("USD") ? "EUR" : "USD") : p.country().currency();
        long subtotal = 0;
        for (Item it : items) {
            subtotal += toMinor(priceUsdCents(it.product()), currency) * it.quantity();
        }
        long discounts = r.nextDouble() < 0.15 ? subtotal / 10 : 0;
        subtotal -= discounts;
        long tax = Math.round(subtotal * p.country().taxPercent() / 100.0);
        double roll = r.nextDouble();
        String financial;
        String fulfillment;
        String cancelReason = null;
        if (roll < 0.05) {
            cancelReason = pick(r, "customer", "fraud", "inventory", "declined");
            financial = r.nextBoolean() ? "voided" : "refunded";
            fulfillment = null;
        } else if (roll < 0.10) {
            financial = "refunded";
            fulfillment = "fulfilled";
        } else if (roll < 0.14) {
            financial = "partially_refunded";
            fulfillment = "fulfilled";
        } else if (roll < 0.17) {
            financial = "pending";
            fulfillment = null;
        } else {
            financial = "paid";
            double f = r.nextDouble();
            fulfillment = f < 0.85 ? "fulfilled" : f < 0.9 ? "partial" : null;
        }
        String createdS = render(Entity.ORDERS, created);
        String updated = render(Entity.ORDERS, upd);
        g.writeStartObject();
        g.writeNumberField("id", orderId(k));
        g.writeStringField("name", "#" + (1001 + k));
        g.writeObjectFieldStart("customer");
        g.writeNumberField("id", customerId(c));
        g.writeEndObject();
        g.writeStringField("email", p.email());
        g.writeStringField("created_at", createdS);
        g.writeStringField("updated_at", updated);
        g.writeStringField("processed_at", createdS);
        g.writeStringField("cancelled_at", cancelReason == null ? null : updated);
        g.writeStringField("cancel_reason", cancelReason);
        g.writeStringField("currency", currency);
        g.writeStringField("total_price", money(subtotal + tax, currency));
        g.writeStringField("subtotal_price", money(subtotal, currency));
        g.writeStringField("total_tax", money(tax, currency));
        g.writeStringField("total_discounts", money(discounts, currency));
        g.writeStringField("financial_status", financial);
        g.writeStringField("fulfillment_status", fulfillment);
        g.writeArrayFieldStart("line_items");
        for (int n = 0; n < items.size(); n++) {
            Item it = items.get(n);
            g.writeStartObject();
            g.writeNumberField("id", 466_157_049L + k * 8 + n);
            g.writeNumberField("product_id", productId(it.product()));
            g.writeNumberField("variant_id", variantId(it.product(), it.variant()));
            g.writeStringField("sku", sku(it.product(), it.variant()));
            g.writeStringField("title", productTitle(it.product()));
            g.writeNumberField("quantity", it.quantity());
            g.writeStringField("price", money(toMinor(priceUsdCents(it.product()), currency), currency));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeProduct(long p, JsonGenerator g) throws IOException {
        SplittableRandom r = rng(S_PRODUCT, p);
        Category c = category(p);
        long upd = baseMicros(Entity.PRODUCTS, p);
        long created = Math.min(upd, productCreatedMs(p) * 1000);
        String title = productTitle(p);
        double s = r.nextDouble();
        String tag = Vocabulary.PRODUCT_TAGS[r.nextInt(Vocabulary.PRODUCT_TAGS.length)];
        long price = priceUsdCents(p);
        g.writeStartObject();
        g.writeNumberField("id", productId(p));
        g.writeStringField("title", title);
        g.writeStringField("handle", title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        g.writeStringField("product_type", c.productTypes()[r.nextInt(c.productTypes().length)]);
        g.writeStringField("vendor", Vocabulary.VENDORS[r.nextInt(Vocabulary.VENDORS.length)]);
        g.writeStringField("tags", tag);
        g.writeStringField("status", s < 0.85 ? "active" : s < 0.9 ? "draft" : "archived");
        g.writeStringField("created_at", render(Entity.PRODUCTS, created));
        g.writeStringField("updated_at", render(Entity.PRODUCTS, upd));
        g.writeArrayFieldStart("variants");
        for (int v = 0; v < c.options().length; v++) {
            g.writeStartObject();
            g.writeNumberField("id", variantId(p, v));
            g.writeNumberField("product_id", productId(p));
            g.writeStringField("title", variantTitle(p, v));
            g.writeStringField("sku", sku(p, v));
            g.writeStringField("price", money(price, "USD"));
            g.writeStringField("compare_at_price", tag.equals("sale") ? money(price * 5 / 4, "USD") : null);
            g.writeNumberField("inventory_quantity", r.nextInt(121));
            writePresentmentPrices(price, tag.equals("sale") ? price * 5 / 4 : null, g);
            long vUpd = v == 0 ? upd : created + (long) ((upd - created) * r.nextDouble());
            g.writeStringField("updated_at", render(Entity.PRODUCTS, vUpd));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The shop's market currencies: a variant states its price in each (Shopify's presentment prices). */
    private static final String[] MARKETS = {"USD", "CAD", "EUR", "GBP", "JPY"};

    /**
     * A variant's price per market, as Shopify's REST API shows it with {@code X-Shopify-Api-Features:
     * include-presentment-prices}: the USD price converted and rounded up to a market price (x.99, or whole
     * hundreds of yen). The other countries' currencies (PLN, UAH, AED, KRW) are no market: sendtime converts.
     */
    private static void writePresentmentPrices(long usdCents, Long compareAtUsdCents, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("presentment_prices");
        for (String currency : MARKETS) {
            g.writeStartObject();
            writeAmount(g, "price", marketPrice(usdCents, currency), currency);
            if (compareAtUsdCents == null) {
                g.writeNullField("compare_at_price");
            } else {
                writeAmount(g, "compare_at_price", marketPrice(compareAtUsdCents, currency), currency);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeAmount(JsonGenerator g, String field, long minor, String currency) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("amount", money(minor, currency));
        g.writeStringField("currency_code", currency);
        g.writeEndObject();
    }

    private static long marketPrice(long usdCents, String currency) {
        if (currency.equals("USD")) {
            return usdCents;
        }
        long minor = toMinor(usdCents, currency);
        return Vocabulary.zeroDecimal(currency) ? (minor + 99) / 100 * 100 : (minor + 99) / 100 * 100 - 1;
    }

    private void writeCheckout(long j, JsonGenerator g) throws IOException {
        SplittableRandom r = rng(S_CHECKOUT, j);
        long tMs = gridMs(Entity.CHECKOUTS, j);
        long upd = baseMicros(Entity.CHECKOUTS, j);
        long c = checkoutCustomer(j);
        List<Item> items = cartItems(j);
        long createdMs = Math.max(customerCreatedMs(c), tMs - (long) (r.nextDouble() * 3 * DAY_MS));
        Person p = customerPerson(c);
        String currency = p.country().currency();
        long total = 0;
        for (Item it : items) {
            total += toMinor(priceUsdCents(it.product()), currency) * it.quantity();
        }
        String token = Long.toHexString(hash(S_CHECKOUT, ~j) | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
        g.writeStartObject();
        g.writeNumberField("id", checkoutId(j));
        g.writeStringField("token", token);
        g.writeObjectFieldStart("customer");
        g.writeNumberField("id", customerId(c));
        g.writeEndObject();
        g.writeStringField("email", p.email());
        g.writeStringField("created_at", render(Entity.CHECKOUTS, Math.min(upd, createdMs * 1000)));
        g.writeStringField("updated_at", render(Entity.CHECKOUTS, upd));
        g.writeNullField("completed_at");
        g.writeStringField("currency", currency);
        g.writeStringField("total_price", money(total, currency));
        g.writeStringField("abandoned_checkout_url", "https://shop.example/checkouts/" + token + "/recover");
        g.writeArrayFieldStart("line_items");
        for (Item it : items) {
            g.writeStartObject();
            g.writeNumberField("product_id", productId(it.product()));
            g.writeNumberField("variant_id", variantId(it.product(), it.variant()));
            g.writeStringField("title", productTitle(it.product()));
            g.writeNumberField("quantity", it.quantity());
            g.writeStringField("price", money(toMinor(priceUsdCents(it.product()), currency), currency));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeEvent(long e, JsonGenerator g) throws IOException {
        // events come in sessions of eight consecutive events by one visitor
        long session = e / 8;
        long sessionStartMs = gridMs(Entity.STOREFRONT_EVENTS, session * 8);
        SplittableRandom sr = rng(S_SESSION, session);
        long c = pickCustomer(sessionStartMs, sr);
        long sessionProduct = pickProduct(sessionStartMs, sr);
        SplittableRandom r = rng(S_EVENT, e);
        long created = baseMicros(Entity.STOREFRONT_EVENTS, e);
        long lateness = r.nextDouble() < 0.04 ? (2 + r.nextInt(44)) * 60_000_000L : r.nextInt(2_500) * 1_000L;
        long occurred = Math.max(START_MS * 1000, created - lateness);
        int pos = (int) (e % 8);
        double roll = r.nextDouble();
        String type = pos == 0 ? (roll < 0.4 ? "searched" : "product_viewed")
                : roll < 0.25 ? "added_to_cart" : roll < 0.35 ? "searched" : "product_viewed";
        long product = roll < 0.6 ? sessionProduct : pickProduct(sessionStartMs, r);
        g.writeStartObject();
        g.writeStringField("id", eventId(e));
        g.writeStringField("type", type);
        g.writeNumberField("customer_id", customerId(c));
        g.writeStringField("session_id", "sess_" + Long.toHexString(sr.nextLong() | Long.MIN_VALUE));
        g.writeStringField("occurred_at", render(Entity.STOREFRONT_EVENTS, occurred));
        g.writeStringField("created_at", render(Entity.STOREFRONT_EVENTS, created));
        if (type.equals("searched")) {
            g.writeNullField("product_id");
            g.writeNullField("variant_id");
            g.writeStringField("search_query", Vocabulary.SEARCHES[r.nextInt(Vocabulary.SEARCHES.length)]);
        } else {
            g.writeNumberField("product_id", productId(product));
            if (type.equals("added_to_cart")) {
                g.writeNumberField("variant_id", variantId(product, r.nextInt(category(product).options().length)));
            } else {
                g.writeNullField("variant_id");
            }
            g.writeNullField("search_query");
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- randomness

    private SplittableRandom rng(int stream, long i) {
        return new SplittableRandom(hash(stream, i));
    }

    private long hash(int stream, long i) {
        return mix(mix(seed + stream * 0x9E3779B97F4A7C15L) + i);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
