package io.sendtime.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorException;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.Coercing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commerce API's GraphQL Admin endpoint ({@code POST /admin/api/2025-10/graphql.json}), as Shopify has it: a
 * real GraphQL engine (graphql-java) over a schema of Shopify's names ({@code samples/shopify-admin.graphqls}),
 * cursor connections with {@code pageInfo}, Shopify's search syntax in {@code query:} (here: {@code updated_at}
 * comparisons), and cost-based throttling: every answer reports {@code extensions.cost} (requested and actual
 * query cost, and the token's bucket), and a query the bucket cannot pay is answered {@code THROTTLED}. The records
 * are the same feeds the REST endpoints serve, in GraphQL's shape.
 */
final class ShopifyGraphql {

    static final String PATH = "/admin/api/2025-10/graphql.json";
    private static final int MAX_PAGE = 250;
    private static final String LINE_ITEMS = "_lineItems";
    private static final String VARIANTS = "_variants";
    /** A variant's prices per market currency (the REST feed's presentment prices), for contextualPricing. */
    private static final String MARKET_PRICES = "_marketPrices";
    private static final String SHOP_CURRENCY = "USD";
    /** Shopify's limit on one query's requested cost. */
    static final int MAX_SINGLE_QUERY_COST = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TERM = Pattern.compile("updated_at:(>=|<=|>|<)'?([^'\\s]+)'?");

    private final SampleStore store;
    private final QueryCostLimit limit;
    private final GraphQL graphql;
    private final GraphQLSchema schema;
    private final Map<String, QueryCostBucket> buckets = new ConcurrentHashMap<>();

    ShopifyGraphql(SampleStore store, QueryCostLimit limit) {
        this.store = store;
        this.limit = limit;
        try (var sdl = new InputStreamReader(ShopifyGraphql.class.getResourceAsStream("/samples/shopify-admin.graphqls"),
                StandardCharsets.UTF_8)) {
            RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                    .scalar(textScalar("DateTime")).scalar(textScalar("Decimal")).scalar(textScalar("UnsignedInt64"))
                    .scalar(textScalar("Money")).scalar(textScalar("URL"))
                    .type("Query", type -> type
                            .dataFetcher("customers", env -> connection(env, Entity.CUSTOMERS, ShopifyGraphql::customer))
                            .dataFetcher("orders", env -> connection(env, Entity.ORDERS, ShopifyGraphql::order))
                            .dataFetcher("products", env -> connection(env, Entity.PRODUCTS, ShopifyGraphql::product))
                            .dataFetcher("abandonedCheckouts",
                                    env -> connection(env, Entity.CHECKOUTS, ShopifyGraphql::abandonedCheckout)))
                    .type("Order", type -> type.dataFetcher("lineItems", env -> firstOf(env, LINE_ITEMS)))
                    .type("AbandonedCheckout", type -> type.dataFetcher("lineItems", env -> firstOf(env, LINE_ITEMS)))
                    .type("Product", type -> type.dataFetcher("variants", env -> firstOf(env, VARIANTS)))
                    .type("ProductVariant", type -> type.dataFetcher("contextualPricing", ShopifyGraphql::contextualPricing))
                    .build();
            this.schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.graphql = GraphQL.newGraphQL(schema).build();
    }

    /** The answer to one request body, for the access token that sent it. */
    byte[] execute(String token, byte[] requestBody) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(requestBody);
        } catch (IOException e) {
            return JSON.writeValueAsBytes(Map.of("errors", List.of(Map.of("message", "Invalid JSON in request body"))));
        }
        String query = request.path("query").asText("");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = request.path("variables").isObject()
                ? JSON.convertValue(request.get("variables"), Map.class) : Map.of();
        double requested;
        try {
            requested = requestedCost(Parser.parse(query), variables);
        } catch (InvalidSyntaxException e) {
            requested = 1;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (requested > MAX_SINGLE_QUERY_COST) {
            // Shopify refuses a query costing more than 1,000 before it runs, whatever the bucket holds
            answer.put("errors", List.of(Map.of("message", "Query cost is " + (long) requested + ", which exceeds the "
                    + "single query max cost limit (" + MAX_SINGLE_QUERY_COST + ").", "extensions",
                    Map.of("code", "MAX_COST_EXCEEDED", "cost", (long) requested, "maxCost", MAX_SINGLE_QUERY_COST))));
            return JSON.writeValueAsBytes(answer);
        }
        QueryCostBucket bucket = buckets.computeIfAbsent(token, t -> new QueryCostBucket(limit));
        QueryCostBucket.Status status = bucket.take(requested);
        if (!status.admitted()) {
            answer.put("errors", List.of(Map.of("message", "Throttled", "extensions", Map.of("code", "THROTTLED",
                    "documentation", "https://shopify.dev/api/usage/rate-limits"))));
            answer.put("extensions", cost(requested, null, status.currentlyAvailable()));
            return JSON.writeValueAsBytes(answer);
        }
        ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput().query(query).variables(variables));
        answer.putAll(result.toSpecification());
        answer.remove("extensions");
        double actual = actualCost(result, requested, variables);
        answer.put("extensions", cost(requested, actual, bucket.refund(requested - actual)));
        return JSON.writeValueAsBytes(answer);
    }

    private Map<String, Object> cost(double requested, Double actual, double available) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", (long) requested);
        cost.put("actualQueryCost", actual == null ? null : (long) Math.ceil(actual));
        cost.put("throttleStatus", Map.of("maximumAvailable", limit.maximum(),
                "currentlyAvailable", Math.floor(available), "restoreRate", limit.restorePerSecond()));
        return Map.of("cost", cost);
    }

    // ---- Query.customers, Query.orders ---------------------------------------------------------------------------

    /** A page of a feed as a connection: nodes in the GraphQL shape, edges with cursors, pageInfo. */
    private Object connection(DataFetchingEnvironment env, Entity entity,
                              java.util.function.Function<JsonNode, Map<String, Object>> shape) throws IOException {
        Integer first = env.getArgument("first");
        if (first == null || env.getArgument("last") != null || env.getArgument("before") != null) {
            throw error("you must provide `first` (the sample pages forward only)");
        }
        if (first < 1 || first > MAX_PAGE) {
            throw error("The value of `first` must be between 1 and " + MAX_PAGE);
        }
        if (Boolean.TRUE.equals(env.getArgument("reverse"))) {
            throw error("the sample lists forward only: drop `reverse`");
        }
        String after = env.getArgument("after");
        PageToken from;
        if (after != null) {
            try {
                from = PageToken.decode(after, entity);
            } catch (IllegalArgumentException e) {
                throw error("Invalid cursor for current pagination");
            }
        } else {
            long[] window = window(env.getArgument("query"));
            from = new PageToken(entity, null, window[0], window[1]);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(64 * 1024);
        Feed.PageResult page;
        try (JsonGenerator g = JSON.getFactory().createGenerator(raw, JsonEncoding.UTF8)) {
            g.writeStartArray();
            page = store.feed(entity).page(from.lo(), from.hi(), from.last(), first, g);
            g.writeEndArray();
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (JsonNode rest : JSON.readTree(raw.toByteArray())) {
            if (rest.hasNonNull("deleted_at")) {
                continue; // the GraphQL Admin API lists no deleted customers (deletions arrive as webhooks)
            }
            Map<String, Object> node = shape.apply(rest);
            String cursor = new PageToken(entity, new SortKey(Timestamps.parse(rest.path("updated_at").asText(), false),
                    rest.path("id").asText()), from.lo(), from.hi()).encode();
            nodes.add(node);
            edges.add(Map.of("cursor", cursor, "node", node));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", page.more());
        pageInfo.put("hasPreviousPage", after != null);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", page.last() == null ? null
                : new PageToken(entity, page.last(), from.lo(), from.hi()).encode());
        return Map.of("nodes", nodes, "edges", edges, "pageInfo", pageInfo);
    }

    /** A REST customer of the sample feed in the GraphQL Admin API's shape. */
    private static Map<String, Object> customer(JsonNode rest) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "gid://shopify/Customer/" + rest.path("id").asText());
        c.put("firstName", text(rest, "first_name"));
        c.put("lastName", text(rest, "last_name"));
        String email = text(rest, "email");
        JsonNode consent = rest.path("email_marketing_consent");
        if (email != null) {
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("emailAddress", email);
            address.put("marketingState", upper(text(consent, "state"), "NOT_SUBSCRIBED"));
            address.put("marketingOptInLevel", upper(text(consent, "opt_in_level"), null));
            address.put("marketingUpdatedAt", utc(text(consent, "consent_updated_at")));
            c.put("defaultEmailAddress", address);
        }
        String phone = text(rest, "phone");
        c.put("defaultPhoneNumber", phone == null ? null : Map.of("phoneNumber", phone));
        JsonNode address = rest.path("default_address");
        if (address.isObject()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("city", text(address, "city"));
            a.put("province", text(address, "province"));
            a.put("country", text(address, "country"));
            a.put("countryCodeV2", text(address, "country_code"));
            a.put("zip", text(address, "zip"));
            c.put("defaultAddress", a);
        }
        c.put("locale", rest.path("locale").asText("en"));
        c.put("state", upper(text(rest, "state"), "ENABLED"));
        String tags = text(rest, "tags");
        c.put("tags", tags == null || tags.isBlank() ? List.of() : List.of(tags.split(",\\s*")));
        c.put("verifiedEmail", rest.path("verified_email").asBoolean(false));
        c.put("amountSpent", Map.of("amount", rest.path("total_spent").asText("0.0"),
                "currencyCode", rest.path("currency").asText("USD")));
        c.put("numberOfOrders", rest.path("orders_count").asText("0"));
        c.put("createdAt", utc(text(rest, "created_at")));
        c.put("updatedAt", utc(text(rest, "updated_at")));
        return c;
    }

    /**
     * A REST order of the sample feed in the GraphQL Admin API's shape. The sample's shop sells in each customer's
     * currency: the shop money is the presentment money.
     */
    private static Map<String, Object> order(JsonNode rest) {
        String currency = rest.path("currency").asText("USD");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", "gid://shopify/Order/" + rest.path("id").asText());
        o.put("name", rest.path("name").asText());
        o.put("email", text(rest, "email"));
        JsonNode customer = rest.path("customer");
        o.put("customer", customer.hasNonNull("id") ? Map.of("id", "gid://shopify/Customer/" + customer.get("id").asText()) : null);
        o.put("createdAt", utc(text(rest, "created_at")));
        o.put("updatedAt", utc(text(rest, "updated_at")));
        o.put("processedAt", utc(text(rest, "processed_at") != null ? text(rest, "processed_at") : text(rest, "created_at")));
        o.put("cancelledAt", utc(text(rest, "cancelled_at")));
        o.put("cancelReason", upper(text(rest, "cancel_reason"), null));
        o.put("currencyCode", currency);
        o.put("presentmentCurrencyCode", currency);
        o.put("totalPriceSet", money(text(rest, "total_price"), currency));
        o.put("subtotalPriceSet", money(text(rest, "subtotal_price"), currency));
        o.put("totalTaxSet", money(text(rest, "total_tax"), currency));
        o.put("totalDiscountsSet", money(text(rest, "total_discounts"), currency));
        o.put("displayFinancialStatus", upper(text(rest, "financial_status"), null));
        String fulfillment = text(rest, "fulfillment_status");
        o.put("displayFulfillmentStatus", fulfillment == null ? "UNFULFILLED"
                : fulfillment.equals("partial") ? "PARTIALLY_FULFILLED" : upper(fulfillment, null));
        o.put(LINE_ITEMS, lineItems(rest, currency, "LineItem", "id", line -> line.path("title").asText("")));
        return o;
    }

    /** A REST product of the sample feed (its variants with presentment prices) in the GraphQL Admin API's shape. */
    private static Map<String, Object> product(JsonNode rest) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", "gid://shopify/Product/" + rest.path("id").asText());
        p.put("title", rest.path("title").asText(""));
        p.put("handle", rest.path("handle").asText(""));
        p.put("productType", rest.path("product_type").asText(""));
        p.put("vendor", rest.path("vendor").asText(""));
        String tags = text(rest, "tags");
        p.put("tags", tags == null || tags.isBlank() ? List.of() : List.of(tags.split(",\\s*")));
        p.put("status", upper(text(rest, "status"), "ACTIVE"));
        p.put("createdAt", utc(text(rest, "created_at")));
        p.put("updatedAt", utc(text(rest, "updated_at")));
        List<Map<String, Object>> variants = new ArrayList<>();
        int inventory = 0;
        for (JsonNode v : rest.path("variants")) {
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("id", "gid://shopify/ProductVariant/" + v.path("id").asText());
            variant.put("title", v.path("title").asText(""));
            variant.put("sku", text(v, "sku"));
            variant.put("price", text(v, "price"));
            variant.put("compareAtPrice", text(v, "compare_at_price"));
            variant.put("inventoryQuantity", v.hasNonNull("inventory_quantity") ? v.get("inventory_quantity").asInt() : null);
            inventory += v.path("inventory_quantity").asInt(0);
            variant.put("updatedAt", utc(text(v, "updated_at")));
            Map<String, Map<String, Object>> markets = new LinkedHashMap<>();
            markets.put(SHOP_CURRENCY, pricing(text(v, "price"), text(v, "compare_at_price"), SHOP_CURRENCY));
            for (JsonNode presentment : v.path("presentment_prices")) {
                String currency = presentment.at("/price/currency_code").asText();
                markets.put(currency, pricing(presentment.at("/price/amount").asText(),
                        text(presentment.path("compare_at_price"), "amount"), currency));
            }
            variant.put(MARKET_PRICES, markets);
            variants.add(variant);
        }
        p.put("totalInventory", inventory);
        p.put(VARIANTS, variants);
        return p;
    }

    private static Map<String, Object> pricing(String price, String compareAt, String currency) {
        Map<String, Object> pricing = new LinkedHashMap<>();
        pricing.put("price", Map.of("amount", price, "currencyCode", currency));
        pricing.put("compareAtPrice", compareAt == null ? null : Map.of("amount", compareAt, "currencyCode", currency));
        return pricing;
    }

    /** A REST checkout of the sample feed in the GraphQL Admin API's shape (an AbandonedCheckout). */
    private static Map<String, Object> abandonedCheckout(JsonNode rest) {
        String currency = rest.path("currency").asText(SHOP_CURRENCY);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "gid://shopify/AbandonedCheckout/" + rest.path("id").asText());
        c.put("name", "#" + rest.path("id").asText());
        c.put("abandonedCheckoutUrl", text(rest, "abandoned_checkout_url"));
        c.put("createdAt", utc(text(rest, "created_at")));
        c.put("updatedAt", utc(text(rest, "updated_at")));
        c.put("completedAt", utc(text(rest, "completed_at")));
        JsonNode customer = rest.path("customer");
        if (customer.hasNonNull("id")) {
            Map<String, Object> buyer = new LinkedHashMap<>();
            buyer.put("id", "gid://shopify/Customer/" + customer.get("id").asText());
            String email = text(rest, "email");
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("emailAddress", email);
            address.put("marketingState", "NOT_SUBSCRIBED");
            buyer.put("defaultEmailAddress", email == null ? null : address);
            c.put("customer", buyer);
        }
        c.put("totalPriceSet", money(text(rest, "total_price"), currency));
        c.put("subtotalPriceSet", money(text(rest, "total_price"), currency));
        // (a checkout's line has no id in the REST feed: its variant's stands in)
        c.put(LINE_ITEMS, lineItems(rest, currency, "AbandonedCheckoutLineItem", "variant_id", line -> text(line, "title")));
        return c;
    }

    /** The REST record's line items in the GraphQL shape ({@code LineItem}, {@code AbandonedCheckoutLineItem}). */
    private static List<Map<String, Object>> lineItems(JsonNode rest, String currency, String type, String idField,
                                                       java.util.function.Function<JsonNode, String> title) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JsonNode line : rest.path("line_items")) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", "gid://shopify/" + type + "/" + line.path(idField).asText());
            l.put("title", title.apply(line));
            l.put("quantity", line.path("quantity").asInt());
            l.put("sku", text(line, "sku"));
            l.put("variant", line.hasNonNull("variant_id") ? Map.of("id", "gid://shopify/ProductVariant/" + line.get("variant_id").asText()) : null);
            l.put("product", line.hasNonNull("product_id") ? Map.of("id", "gid://shopify/Product/" + line.get("product_id").asText()) : null);
            l.put("originalUnitPriceSet", money(text(line, "price"), currency));
            lines.add(l);
        }
        return lines;
    }

    /** A nested connection ({@code Order.lineItems(first)}, {@code Product.variants(first)}): the first ones, and whether there are more. */
    private static Object firstOf(DataFetchingEnvironment env, String key) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) ((Map<String, Object>) env.getSource()).get(key);
        String field = env.getField().getName();
        Integer first = env.getArgument("first");
        if (first == null || first < 1 || first > MAX_PAGE) {
            throw error(field + ": you must provide `first` between 1 and " + MAX_PAGE);
        }
        if (env.getArgument("after") != null) {
            throw error(field + ": the sample does not page these further");
        }
        List<Map<String, Object>> page = all.subList(0, Math.min(first, all.size()));
        return Map.of("nodes", page, "pageInfo", Map.of("hasNextPage", all.size() > first, "hasPreviousPage", false));
    }

    /**
     * {@code ProductVariant.contextualPricing(context: {country: XX})}: the price of the market the country is in (a
     * market per currency the variant states a price in), else the shop's own price.
     */
    private static Object contextualPricing(DataFetchingEnvironment env) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> markets =
                (Map<String, Map<String, Object>>) ((Map<String, Object>) env.getSource()).get(MARKET_PRICES);
        Map<String, Object> context = env.getArgument("context");
        Object country = context == null ? null : context.get("country");
        if (country == null) {
            throw error("contextualPricing: the sample prices by `country` only");
        }
        String currency;
        try {
            currency = java.util.Currency.getInstance(new Locale("", country.toString())).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            currency = SHOP_CURRENCY;
        }
        return markets.getOrDefault(currency, markets.get(SHOP_CURRENCY));
    }

    private static Map<String, Object> money(String amount, String currency) {
        if (amount == null) {
            return null;
        }
        Map<String, Object> value = Map.of("amount", amount, "currencyCode", currency);
        return Map.of("shopMoney", value, "presentmentMoney", value);
    }

    /** [lo, hi) in epoch microseconds from Shopify's search syntax; only updated_at comparisons are supported. */
    private static long[] window(String query) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (query == null || query.isBlank()) {
            return new long[] {lo, hi};
        }
        String rest = query;
        Matcher m = TERM.matcher(query);
        while (m.find()) {
            long at;
            try {
                at = Timestamps.parse(m.group(2), false);
            } catch (IllegalArgumentException e) {
                throw error("invalid date in query: " + m.group(2));
            }
            switch (m.group(1)) {
                case ">=" -> lo = Math.max(lo, at);
                case ">" -> lo = Math.max(lo, at + 1);
                case "<" -> hi = Math.min(hi, at);
                default -> hi = Math.min(hi, at + 1);
            }
            rest = rest.replace(m.group(), "");
        }
        if (!rest.replaceAll("(?i)\\bAND\\b", "").isBlank()) {
            throw error("the sample search understands only updated_at comparisons joined by AND, not '" + rest.trim() + "'");
        }
        return new long[] {lo, hi};
    }

    // ---- cost ---------------------------------------------------------------------------------------------------

    /**
     * Shopify's calculated cost of a query, before it runs: an object field costs 1, a scalar or enum 0, and a
     * connection 2 plus its page size times the cost of one node (the node object and the objects in it;
     * {@code pageInfo} is free).
     */
    private double requestedCost(Document document, Map<String, Object> variables) {
        double cost = 0;
        Map<String, FragmentDefinition> fragments = new java.util.HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        for (var operation : document.getDefinitionsOfType(graphql.language.OperationDefinition.class)) {
            cost += cost(operation.getSelectionSet(), schema.getQueryType(), variables, fragments);
        }
        return Math.max(1, cost);
    }

    private double cost(SelectionSet set, GraphQLObjectType type, Map<String, Object> variables,
                        Map<String, FragmentDefinition> fragments) {
        if (set == null) {
            return 0;
        }
        double total = 0;
        // fragments cost what their fields cost, where they are spread
        for (FragmentSpread spread : set.getSelectionsOfType(FragmentSpread.class)) {
            FragmentDefinition fragment = fragments.get(spread.getName());
            if (fragment != null) {
                total += cost(fragment.getSelectionSet(), objectType(fragment.getTypeCondition(), type), variables, fragments);
            }
        }
        for (InlineFragment inline : set.getSelectionsOfType(InlineFragment.class)) {
            total += cost(inline.getSelectionSet(), objectType(inline.getTypeCondition(), type), variables, fragments);
        }
        for (Field field : set.getSelectionsOfType(Field.class)) {
            GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
            GraphQLType result = definition == null ? null : GraphQLTypeUtil.unwrapAll(definition.getType());
            if (!(result instanceof GraphQLObjectType object) || object.getName().equals("PageInfo")) {
                continue;
            }
            double children = cost(field.getSelectionSet(), object, variables, fragments);
            Integer first = intArgument(field, "first", variables);
            boolean connection = object.getName().endsWith("Connection");
            // (a connection's nodes are the objects its page size multiplies: their cost is the connection's)
            total += connection ? 2 + (first == null ? 0 : first) * children : 1 + children;
        }
        return total;
    }

    private GraphQLObjectType objectType(graphql.language.TypeName condition, GraphQLObjectType otherwise) {
        return condition != null && schema.getType(condition.getName()) instanceof GraphQLObjectType object ? object : otherwise;
    }

    /** What the query cost: its connection's node cost times the nodes it returned. */
    private static double actualCost(ExecutionResult result, double requested, Map<String, Object> variables) {
        if (!(result.getData() instanceof Map<?, ?> data) || data.isEmpty()
                || !(data.values().iterator().next() instanceof Map<?, ?> connection)) {
            return Math.min(requested, 1);
        }
        Object nodes = connection.get("nodes") != null ? connection.get("nodes") : connection.get("edges");
        int returned = nodes instanceof List<?> list ? list.size() : 0;
        Object first = variables.get("first");
        int asked = first instanceof Number n ? n.intValue() : returned;
        double perNode = asked == 0 ? 0 : (requested - 2) / asked;
        return Math.min(requested, 2 + returned * perNode);
    }

    private static Integer intArgument(Field field, String name, Map<String, Object> variables) {
        for (var argument : field.getArguments()) {
            if (argument.getName().equals(name)) {
                Value<?> value = argument.getValue();
                if (value instanceof IntValue i) {
                    return i.getValue().intValue();
                }
                if (value instanceof VariableReference v && variables.get(v.getName()) instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return null;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static GraphqlErrorException error(String message) {
        return GraphqlErrorException.newErrorException().message(message).build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String upper(String value, String otherwise) {
        return value == null ? otherwise : value.toUpperCase(Locale.ROOT);
    }

    /** An ISO-8601 timestamp with any offset, in UTC with {@code Z} (as the GraphQL Admin API writes them). */
    private static String utc(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        long micros = Timestamps.parse(timestamp, false);
        return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).toString();
    }

    /** A scalar written as the text it is given. */
    private static GraphQLScalarType textScalar(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value.toString();
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input.toString();
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                return input instanceof graphql.language.StringValue s ? s.getValue() : input.toString();
            }
        }).build();
    }
}
