package io.sendtime.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The canonical product categories and the shop's spellings of each, from
 * {@code taxonomy/categories.yaml}. Spellings compare trimmed, lowercased, with runs of whitespace
 * collapsed. A product type the file does not list is {@link #OTHER}.
 */
public final class CategoryTaxonomy {

    public static final String OTHER = "other";
    public static final String RESOURCE = "taxonomy/categories.yaml";

    private record File(Map<String, List<String>> categories) {}

    private final Map<String, String> canonicalBySpelling;

    private CategoryTaxonomy(Map<String, String> canonicalBySpelling) {
        this.canonicalBySpelling = canonicalBySpelling;
    }

    /** The taxonomy of the configuration directory, else the one shipped in the jar. */
    public static CategoryTaxonomy load() {
        try (InputStream in = io.sendtime.config.ConfigDirectory.open(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            File file = new ObjectMapper(new YAMLFactory()).readValue(in, File.class);
            Map<String, String> map = new HashMap<>();
            file.categories().forEach((canonical, spellings) -> {
                map.put(key(canonical), canonical);
                spellings.forEach(s -> map.put(key(s), canonical));
            });
            return new CategoryTaxonomy(map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + io.sendtime.config.ConfigDirectory.where(RESOURCE) + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** The canonical category, or {@link #OTHER} for a missing or unlisted product type. */
    public String canonical(String productType) {
        return productType == null ? OTHER : canonicalBySpelling.getOrDefault(key(productType), OTHER);
    }

    private static String key(String spelling) {
        return spelling.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
