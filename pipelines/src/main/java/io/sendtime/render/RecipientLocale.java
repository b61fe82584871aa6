package io.sendtime.render;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each recipient's locale, for money, numbers and dates: from the profile, its language (the CRM's, e.g.
 * {@code de} or {@code pt-BR}) with its country ({@code DE}), else its country alone (the locale of that country
 * in the campaign's language when there is one, e.g. {@code en-CA}, else the country's first by tag, e.g.
 * {@code de-AT}), else the campaign's locale. Template text is not translated.
 */
final class RecipientLocale {

    private static final Map<String, Optional<Locale>> BY_COUNTRY = new ConcurrentHashMap<>();

    /**
     * The locales worked out so far, by what the profile says: every recipient of a send shares one of a few, and
     * parsing a language tag and making a Locale for each recipient was 3% of the render threads' time. Bounded, as
     * the profile's values are whatever the CRM holds: past {@link #CACHE_LIMIT} distinct ones, locales are worked out
     * each time.
     */
    private static final Map<Key, Locale> CACHE = new ConcurrentHashMap<>();
    static final int CACHE_LIMIT = 10_000;

    private record Key(Object language, Object country, Locale campaign) {}

    private RecipientLocale() {}

    static Locale of(Object language, Object country, Locale campaign) {
        Key key = new Key(language, country, campaign);
        Locale cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Locale locale = workOut(language, country, campaign);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(key, locale);
        }
        return locale;
    }

    /** How many locales are cached (for tests). */
    static int cached() {
        return CACHE.size();
    }

    private static Locale workOut(Object language, Object country, Locale campaign) {
        String cc = country == null ? "" : country.toString().strip().toUpperCase(Locale.ROOT);
        if (cc.length() != 2) {
            cc = "";
        }
        if (language != null && !language.toString().isBlank()) {
            Locale spoken = Locale.forLanguageTag(language.toString().strip().replace('_', '-'));
            if (!spoken.getLanguage().isEmpty() && spoken.getLanguage().length() <= 3) {
                return new Locale(spoken.getLanguage(), spoken.getCountry().isEmpty() ? cc : spoken.getCountry());
            }
        }
        if (!cc.isEmpty()) {
            String code = cc;
            Optional<Locale> local = BY_COUNTRY.computeIfAbsent(code + "/" + campaign.getLanguage(), k ->
                    Arrays.stream(Locale.getAvailableLocales())
                            .filter(l -> l.getCountry().equals(code) && l.getVariant().isEmpty() && l.getScript().isEmpty())
                            .min(Comparator.comparing((Locale l) -> !l.getLanguage().equals(campaign.getLanguage()))
                                    .thenComparing(Locale::toLanguageTag)));
            if (local.isPresent()) {
                return local.get();
            }
        }
        return campaign;
    }
}
