package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.load.LoadService;
import io.sendtime.samples.Entity;
import io.sendtime.samples.SampleStore;
import io.sendtime.transform.SampleLake;
import io.sendtime.warehouse.Warehouse;

/**
 * A corpus of hostile values (src/test/resources/hostile/: markup, script and event handlers, line breaks and
 * header injection, controls, bidi overrides, zero-width and no-break spaces, emoji and combining sequences, lone
 * surrogates, CSV formulas, template syntaxes, very long strings; and broken addresses) put into the sample sources
 * as data, through extract, transform, load and render of every sample campaign: each token obeys its context's
 * rule, the exports parse line by line whatever counts as a line break, and a send that would reject many fails.
 */
class HostileValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the sample templates' HTML is made of: any other element or attribute came from a value. */
    private static final Set<String> TAGS = Set.of("#root", "html", "head", "body", "p", "ul", "li", "span", "table", "tbody",
            "tr", "td");
    private static final Set<String> CLASSES = Set.of("products", "title", "price", "cart");
    /** After the sample data's last change, before the render. */
    private static final Instant CHANGED_AT = Instant.parse("2026-10-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void hostileValuesComeOutAsInertTextInEveryTokenContext() throws Exception {
        List<String> values = corpus("values.json");
        List<String> emails = corpus("emails.json");
        assertThat(values).hasSizeGreaterThanOrEqualTo(60);
        Path templates = copyTemplates();
        try (SampleLake lake = new SampleLake(dir, Map.of("sendtime.render.templates", templates.toString(),
                "sendtime.render.stock-timeout", "5s", "sendtime.consent.refresh-timeout", "5s"))) {
            SampleStore store = lake.apis.store();
            Map<String, ObjectNode> contacts = byId(records("crm/contacts.jsonl"));
            for (int i = 0; i < values.size(); i++) {
                ((ObjectNode) contacts.get(Integer.toString(1001 + i)).path("properties")).put("firstname", values.get(i));
            }
            // contacts the shop does not know (1001 + i, i = 13 mod 20) get broken addresses
            for (int i = 0; i < 5; i++) {
                ((ObjectNode) contacts.get(Integer.toString(1014 + 20 * i)).path("properties")).put("email", emails.get(i));
            }
            for (ObjectNode contact : contacts.values()) {
                inject(store, Entity.CONTACTS, contact.path("id").asText(), contact, "updatedAt");
            }
            // and so do customers the CRM does not know (207119551 + 1013 i, i = 7 mod 20)
            Map<String, ObjectNode> customers = byId(records("commerce/customers.jsonl"));
            for (int i = 5; i < emails.size(); i++) {
                ObjectNode customer = customers.get(Long.toString(207119551L + 1013L * (7 + 20 * (i - 5))));
                customer.put("email", emails.get(i));
                inject(store, Entity.CUSTOMERS, customer.path("id").asText(), customer, "updated_at");
            }
            List<ObjectNode> products = records("commerce/products.jsonl");
            for (int i = 0; i < 12; i++) {
                ObjectNode product = products.get(i).deepCopy();
                product.put("title", values.get(values.size() - 1 - i)); // the long ones, then template syntaxes
                inject(store, Entity.PRODUCTS, product.path("id").asText(), product, "updated_at");
            }
            List<ObjectNode> checkouts = records("commerce/checkouts.jsonl");
            for (int i = 0; i < checkouts.size(); i++) {
                ObjectNode checkout = checkouts.get(i).deepCopy();
                ((ObjectNode) checkout.path("line_items").get(0)).put("title", values.get((i * 7) % values.size()));
                inject(store, Entity.CHECKOUTS, checkout.path("id").asText(), checkout, "updated_at");
            }
            lake.extractBoth();
            lake.transform();
            assertThat(lake.app.get(LoadService.class).run(false, null).succeeded()).isTrue();
            Warehouse warehouse = lake.app.get(Warehouse.class);
            RenderService render = lake.app.get(RenderService.class);

            int hostileRendered = 0;
            for (String campaign : List.of("abandoned-cart", "recommendations-newsletter", "win-back")) {
                RenderSummary summary = render.run(new RenderService.RenderRequest(campaign, RenderJobTest.SEND_AT, "h1", false));
                assertThat(summary.rendered()).as(campaign).isPositive();
                CompiledCampaign compiled = render.catalog().compile(campaign);
                for (Map<String, Object> row : RenderJobTest.rows(warehouse, """
                        SELECT t.customer_key, to_json(t.tokens)::VARCHAR AS tokens, p.crm_contact_id
                        FROM token_sets t JOIN profiles p USING (customer_key)
                        WHERE t.campaign_id = '%s' AND t.send_id = 'h1'""".formatted(campaign))) {
                    Map<String, String> tokens = JSON.readValue((String) row.get("tokens"), new TypeReference<>() {});
                    tokens.forEach((name, value) -> obeysItsContext(campaign, name, compiled.contextOf(name), value));
                    hostileRendered += row.get("crm_contact_id") != null
                            && Integer.parseInt((String) row.get("crm_contact_id")) <= 1000 + values.size() ? 1 : 0;
                }
                exportParsesLineByLine(summary);
            }
            assertThat(hostileRendered).as("token sets of recipients carrying hostile values").isGreaterThan(40);

            // a send that would reject many recipients (a required first name of at most 12 characters) fails,
            // exit 1 at the command line, and the send's previous render stays published
            Path strict = templates.resolve("campaigns/strict-names/campaign.yaml");
            String yaml = Files.readString(strict);
            Files.writeString(strict, yaml.replace("max_rejection_rate: 0.02", "max_rejection_rate: 1"));
            RenderSummary before = render.run(new RenderService.RenderRequest("strict-names", RenderJobTest.SEND_AT, "s", false));
            long rejected = before.rejected().values().stream().mapToLong(Long::longValue).sum();
            assertThat((double) rejected / (rejected + before.rendered())).as("rejected share").isGreaterThan(0.02);
            assertThat(RenderJobTest.count(warehouse, "SELECT count(*) FROM render_rejections WHERE send_id = 's'"
                    + " AND reason NOT LIKE 'excluded:%'")).as("every rejection recorded with its reason").isEqualTo(rejected);
            Files.writeString(strict, yaml);
            assertThatThrownBy(() -> render.run(new RenderService.RenderRequest("strict-names", RenderJobTest.SEND_AT, "s", false)))
                    .hasMessageContaining("eligible recipients rejected").hasMessageContaining("max_rejection_rate of 2.0%");
            assertThat(RenderJobTest.rows(warehouse, "SELECT export_path FROM render_summaries WHERE send_id = 's'"))
                    .containsExactly(Map.of("export_path", before.export().toString()));
            assertThat(RenderJobTest.count(warehouse, "SELECT count(*) FROM token_sets WHERE send_id = 's'"))
                    .isEqualTo(before.rendered());
        }
    }

    /** The rule of the token's context (templates/README.md), on one rendered token. */
    private static void obeysItsContext(String campaign, String name, TokenContext context, String value) {
        String where = campaign + " " + name + ": " + abbreviate(value);
        assertThat(value).as(where).doesNotContain("\u0000", "\u001b", "\u007f", "\u009b", "\u202e", "\u202d", "\u2066",
                "\u2028", "\u2029", "\u0085");
        assertThat(value.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE)).as(where).isTrue();
        switch (context) {
            case SUBJECT, HEADER -> assertThat(value).as(where).doesNotContain("\r", "\n", "\t");
            case HTML -> {
                for (Element e : Jsoup.parse(value).getAllElements()) {
                    assertThat(TAGS).as(where + ": element <" + e.tagName() + ">").contains(e.tagName());
                    for (Attribute a : e.attributes()) {
                        assertThat(a.getKey()).as(where + ": attribute " + a.getKey()).isEqualTo("class");
                        assertThat(CLASSES).as(where + ": class " + a.getValue()).contains(a.getValue());
                    }
                }
            }
            case URL -> assertThat(value).as(where).matches("(?i)(https?://|mailto:)\\S+|");
            default -> { }
        }
    }

    /** recipients.jsonl: one JSON object per line, whatever a reader takes for a line break. */
    private static void exportParsesLineByLine(RenderSummary summary) throws IOException {
        String jsonl = Files.readString(summary.export().resolve("recipients.jsonl"));
        String[] lines = jsonl.split("\\R");
        List<String> records = Stream.of(lines).filter(l -> !l.isEmpty()).toList();
        assertThat(records).as(summary.campaignId() + " recipients.jsonl").hasSize((int) summary.rendered());
        for (String line : records) {
            assertThat(JSON.readTree(line).isObject()).isTrue();
        }
        assertThat(Files.readString(summary.export().resolve("merge_fields.json"))).contains("\"sendgrid\"");
    }

    private static List<String> corpus(String file) throws IOException {
        try (InputStream in = HostileValuesTest.class.getResourceAsStream("/hostile/" + file)) {
            List<String> values = new ArrayList<>(JSON.readValue(in, new TypeReference<List<String>>() {}));
            if (file.equals("values.json")) {
                values.add("x".repeat(100_000));
            }
            return values;
        }
    }

    private static List<ObjectNode> records(String file) throws IOException {
        try (InputStream in = HostileValuesTest.class.getResourceAsStream("/data-samples/" + file)) {
            List<ObjectNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add((ObjectNode) JSON.readTree(line));
                }
            }
            return out;
        }
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> records) {
        Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
        records.forEach(r -> out.put(r.path("id").asText(), r));
        return out;
    }

    /** A new version of a record, changed after every sample change. */
    private static void inject(SampleStore store, Entity entity, String id, ObjectNode record, String updatedField)
            throws IOException {
        Instant at = CHANGED_AT.plusSeconds(Math.abs(id.hashCode() % 3600));
        if (record.has("properties") && record.path("properties").has("lastmodifieddate")) {
            ((ObjectNode) record.path("properties")).put("lastmodifieddate", at.toString());
        }
        record.put(updatedField, at.toString());
        // as a source sends it: JSON text with \\u escapes (a lone surrogate has no UTF-8 of its own)
        store.inject(entity, at, id, JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(record));
    }

    /** The repository's templates, and a campaign whose first name is required and short. */
    private Path copyTemplates() throws IOException {
        Path target = dir.resolve("templates");
        Path source = Path.of("..", "templates");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path strict = Files.createDirectories(target.resolve("campaigns/strict-names"));
        Files.writeString(strict.resolve("campaign.yaml"), """
                id: strict-names
                name: Names must be short
                channel: email
                max_rejection_rate: 0.02
                tokens:
                  - {name: first_name, template: first_name.vm, required: true, max_length: 12}
                  - {name: subject, template: subject.vm, required: true, max_length: 120}
                """);
        Files.writeString(strict.resolve("first_name.vm"), "$!first_name");
        Files.writeString(strict.resolve("subject.vm"), "Hello $!first_name");
        return target;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
