package io.sendtime.transform;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Country names and codes to ISO 3166-1 alpha-2, from the JDK's own data: alpha-2 and alpha-3 codes
 * and each country's name in every locale the JDK knows ("Poland", "Polska", "Deutschland"),
 * compared without case, accents or punctuation. A few common short forms the JDK does not name
 * ("UK", "USA") are added. Anything else is unknown: null.
 */
public final class Countries {

    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> BY_NAME = names();

    private Countries() {
    }

    /** The alpha-2 code of {@code country}, or null when it is missing or not recognized. */
    public static String toAlpha2(String country) {
        if (country == null || country.isBlank()) {
            return null;
        }
        String trimmed = country.strip();
        if (trimmed.length() == 2 && ALPHA2.contains(trimmed.toUpperCase(Locale.ROOT))) {
            return trimmed.toUpperCase(Locale.ROOT);
        }
        return BY_NAME.get(key(trimmed));
    }

    private static Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            names.put(key(country.getISO3Country()), code);
            names.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
        }
        // English names win over a clash with another language's name for a different country
        for (Locale language : Locale.getAvailableLocales()) {
            if (!language.getCountry().isEmpty() || !language.getVariant().isEmpty()) {
                continue;
            }
            for (String code : Locale.getISOCountries()) {
                names.putIfAbsent(key(new Locale("", code).getDisplayCountry(language)), code);
            }
        }
        Map.of("uk", "GB", "great britain", "GB", "england", "GB", "usa", "US", "us", "US",
                "united states of america", "US", "uae", "AE", "korea", "KR", "republic of korea", "KR")
                .forEach((name, code) -> names.put(key(name), code));
        return names;
    }

    static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
