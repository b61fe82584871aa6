package io.sendtime.samples;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How to start the sample APIs. Defaults: an ephemeral port, the committed sample data, fresh
 * random tokens, the realistic commerce rate limit, the system UTC clock, 8 worker threads.
 */
public final class SampleApiOptions {

    private final int port;
    private final Dataset dataset;
    private final String crmToken;
    private final String commerceToken;
    private final RateLimit rateLimit;
    private final QueryCostLimit queryCost;
    private final Clock clock;
    private final int threads;

    private SampleApiOptions(Builder b) {
        this.port = b.port;
        this.dataset = b.dataset;
        this.crmToken = b.crmToken != null ? b.crmToken : "pat-na1-" + randomHex(16);
        this.commerceToken = b.commerceToken != null ? b.commerceToken : "shpat_" + randomHex(16);
        this.rateLimit = b.rateLimit;
        this.queryCost = b.queryCost != null ? b.queryCost : QueryCostLimit.matching(b.rateLimit);
        this.clock = b.clock;
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options with every default. */
    public static SampleApiOptions defaults() {
        return builder().build();
    }

    public int port() { return port; }

    public Dataset dataset() { return dataset; }

    public String crmToken() { return crmToken; }

    public String commerceToken() { return commerceToken; }

    public RateLimit rateLimit() { return rateLimit; }

    /** The GraphQL endpoint's cost bucket per token (by default the one that goes with {@link #rateLimit()}). */
    public QueryCostLimit queryCost() { return queryCost; }

    public Clock clock() { return clock; }

    public int threads() { return threads; }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() { // never the tokens
        return "SampleApiOptions[port=" + port + ", dataset=" + dataset + ", rateLimit=" + rateLimit
                + ", threads=" + threads + "]";
    }

    /** Builder of {@link SampleApiOptions}. */
    public static final class Builder {
        private int port = 0;
        private Dataset dataset = Dataset.samples();
        private String crmToken;
        private String commerceToken;
        private RateLimit rateLimit = RateLimit.REALISTIC;
        private QueryCostLimit queryCost;
        private Clock clock = Clock.systemUTC();
        private int threads = 8;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder dataset(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset);
            return this;
        }

        /** The bearer token the CRM API accepts (default: random per start). */
        public Builder crmToken(String token) {
            this.crmToken = requireToken(token);
            return this;
        }

        /** The access token the commerce API accepts (default: random per start). */
        public Builder commerceToken(String token) {
            this.commerceToken = requireToken(token);
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = Objects.requireNonNull(rateLimit);
            return this;
        }

        /** The store clock churn stamps records with (default system UTC). */
        public Builder queryCost(QueryCostLimit queryCost) {
            this.queryCost = Objects.requireNonNull(queryCost);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Worker threads of the HTTP server (bounded pool). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        public SampleApiOptions build() {
            return new SampleApiOptions(this);
        }

        private static String requireToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            return token;
        }
    }
}
