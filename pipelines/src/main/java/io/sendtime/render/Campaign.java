package io.sendtime.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.convert.DurationStyle;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A campaign as its author writes it in {@code templates/campaigns/<id>/campaign.yaml}: who receives it,
 * on which channel, which tokens to render from which {@code .vm} files, with fallbacks, required tokens,
 * length limits, A/B variants, how fresh the profiles must be, how to format money and dates, and how long an
 * email service may cache a recipient's tokens fetched from {@code sendtime serve} ({@code cache_max_age}).
 */
public record Campaign(String id, String name, String channel, Audience audience,
                       @JsonProperty("freshness_limit") String freshnessLimit, String locale,
                       String currency, @JsonProperty("currency_from") String currencyFrom,
                       @JsonProperty("token_context") String tokenContext,
                       @JsonProperty("max_rejection_rate") Double maxRejectionRate,
                       @JsonProperty("cache_max_age") String cacheMaxAgeText,
                       List<Token> tokens, List<Variant> variants) {

    /** The share of eligible recipients a send may reject before it fails, when the campaign sets none. */
    public static final double DEFAULT_MAX_REJECTION_RATE = 0.02;

    /** {@code currency_from}: whose currency an email is in, before the campaign's own {@code currency}. */
    public static final Set<String> CURRENCY_FROM = Set.of("cart", "profile");

    /** Who: members of any of the segments (none listed: every profile), narrowed by an optional SQL filter. */
    public record Audience(List<String> segments, @JsonProperty("sql_filter") String sqlFilter) {}

    /**
     * One token: its name (the email service's merge field), its template file, what to use when it
     * renders empty or too long, whether a recipient without it is rejected, its longest value (in characters
     * people see), where it goes ({@code context}, {@link TokenContext}; {@code html: true} is
     * {@code context: html}), and the share of rendered recipients that may get its fallback before the send
     * fails.
     */
    public record Token(String name, String template, String fallback, boolean required,
                        @JsonProperty("max_length") Integer maxLength, boolean html, String context,
                        @JsonProperty("max_fallback_rate") Double maxFallbackRate) {}

    /** An A/B variant: its share of recipients and the tokens it renders from other templates. */
    public record Variant(String name, int percent, java.util.Map<String, String> templates) {}

    /** Consent channels each campaign channel needs (sql/load/profiles.sql). */
    public static final Set<String> CHANNELS = Set.of("email");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads and checks {@code campaign.yaml}; a problem is one line naming the file and the field. */
    public static Campaign read(Path file) {
        Campaign c;
        try {
            c = YAML.readValue(Files.readString(file), Campaign.class);
        } catch (UnrecognizedPropertyException e) {
            throw new TemplateException(file + ": unknown field '" + e.getPropertyName() + "'");
        } catch (IOException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new TemplateException(file + ": " + (m == null ? "unreadable" : m.lines().findFirst().orElse(m)));
        }
        if (c == null) {
            throw new TemplateException(file + ": empty");
        }
        c.check(file);
        return c;
    }

    private void check(Path file) {
        String dir = file.getParent().getFileName().toString();
        require(id != null && id.equals(dir), file, "id must be the directory's name, '" + dir + "'");
        require(id.matches("[a-z0-9][a-z0-9-]*"), file, "id: lowercase letters, digits and dashes");
        require(channel != null && CHANNELS.contains(channel), file, "channel must be one of " + CHANNELS);
        require(tokens != null && !tokens.isEmpty(), file, "tokens: at least one");
        Set<String> names = new HashSet<>();
        for (Token t : tokens) {
            require(t.name() != null && t.name().matches("[a-z][a-z0-9_]*"), file,
                    "tokens: a name is lowercase letters, digits and underscores: " + t.name());
            require(names.add(t.name()), file, "tokens: " + t.name() + " is there twice");
            require(t.template() != null && t.template().endsWith(".vm"), file, "tokens." + t.name() + ".template: a .vm file");
            require(t.required() || (t.fallback() != null), file, "tokens." + t.name()
                    + ": an optional token needs a fallback (or required: true)");
            require(t.maxLength() == null || t.maxLength() > 0, file, "tokens." + t.name() + ".max_length must be positive");
            require(t.maxFallbackRate() == null || (t.maxFallbackRate() >= 0 && t.maxFallbackRate() <= 1), file,
                    "tokens." + t.name() + ".max_fallback_rate is a share between 0 and 1");
            if (t.context() != null) {
                try {
                    TokenContext c = TokenContext.parse(t.context());
                    require(!t.html() || c == TokenContext.HTML, file, "tokens." + t.name() + ": html: true is context: html,"
                            + " not " + t.context());
                } catch (IllegalArgumentException e) {
                    require(false, file, "tokens." + t.name() + "." + e.getMessage());
                }
            }
        }
        if (variants != null && !variants.isEmpty()) {
            require(variants.stream().mapToInt(Variant::percent).sum() == 100, file, "variants: percents must add up to 100");
            for (Variant v : variants) {
                require(v.name() != null && v.percent() > 0, file, "variants: each has a name and a positive percent");
                if (v.templates() != null) {
                    for (String token : v.templates().keySet()) {
                        require(names.contains(token), file, "variants." + v.name() + ": unknown token " + token);
                    }
                }
            }
        }
        freshness(file);
        cacheMaxAge(file);
        require(locale == null || !toLocale().getLanguage().isEmpty(), file, "locale: a language tag such as en-US");
        require(maxRejectionRate == null || (maxRejectionRate >= 0 && maxRejectionRate <= 1), file,
                "max_rejection_rate is a share between 0 and 1");
        if (tokenContext != null) {
            try {
                TokenContext.parse(tokenContext);
            } catch (IllegalArgumentException e) {
                require(false, file, "token_context: " + e.getMessage());
            }
        }
        require(currencyFrom == null || CURRENCY_FROM.contains(currencyFrom), file,
                "currency_from must be one of " + new java.util.TreeSet<>(CURRENCY_FROM));
        if (currency != null) {
            try {
                require(java.util.Currency.getInstance(currency).getCurrencyCode().equals(currency), file,
                        "currency: an ISO 4217 code such as EUR");
            } catch (IllegalArgumentException e) {
                require(false, file, "currency: an ISO 4217 code such as EUR, not " + currency);
            }
        }
    }

    /** The default {@code cache_max_age}: what Braze's Connected Content caches a GET for unless told otherwise. */
    public static final Duration DEFAULT_CACHE_MAX_AGE = Duration.ofMinutes(5);

    /**
     * How long an email service may cache a recipient's token set fetched from {@code sendtime serve}
     * ({@code Cache-Control: max-age}): a re-render or a suppression reaches a service that caches after at most this.
     */
    public Duration cacheMaxAge() {
        return cacheMaxAge(null);
    }

    private Duration cacheMaxAge(Path file) {
        try {
            Duration age = cacheMaxAgeText == null ? DEFAULT_CACHE_MAX_AGE : DurationStyle.detectAndParse(cacheMaxAgeText);
            if (age.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return age;
        } catch (IllegalArgumentException e) {
            throw new TemplateException((file == null ? id : file) + ": cache_max_age: not a duration such as 5m: "
                    + cacheMaxAgeText);
        }
    }

    /** How old the newest profile snapshot may be. */
    public Duration freshness() {
        return freshness(null);
    }

    private Duration freshness(Path file) {
        try {
            return freshnessLimit == null ? Duration.ofHours(2) : DurationStyle.detectAndParse(freshnessLimit);
        } catch (IllegalArgumentException e) {
            throw new TemplateException((file == null ? id : file) + ": freshness_limit: not a duration: " + freshnessLimit);
        }
    }

    public Locale toLocale() {
        return locale == null ? Locale.US : Locale.forLanguageTag(locale);
    }

    /** Where a token goes: its own {@code context}, else inherited from its name and the campaign's default. */
    public TokenContext contextOf(Token token) {
        if (token.context() != null) {
            return TokenContext.parse(token.context());
        }
        return TokenContext.inherit(token.name(), token.html(),
                tokenContext == null ? TokenContext.TEXT : TokenContext.parse(tokenContext));
    }

    /** The share of eligible recipients a send may reject. */
    public double rejectionLimit() {
        return maxRejectionRate == null ? DEFAULT_MAX_REJECTION_RATE : maxRejectionRate;
    }

    /** Whether an email takes its recipient's cart's currency first (a cart campaign), else their profile's. */
    public boolean cartCurrencyFirst() {
        return "cart".equals(currencyFrom);
    }

    public List<String> segments() {
        return audience == null || audience.segments() == null ? List.of() : audience.segments();
    }

    public String sqlFilter() {
        return audience == null || audience.sqlFilter() == null || audience.sqlFilter().isBlank() ? null : audience.sqlFilter();
    }

    public List<Variant> variantsOrDefault() {
        return variants == null || variants.isEmpty() ? List.of(new Variant("default", 100, null)) : variants;
    }

    private static void require(boolean ok, Path file, String message) {
        if (!ok) {
            throw new TemplateException(file + ": " + message);
        }
    }
}
