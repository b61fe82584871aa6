package io.sendtime.transform;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code sendtime.transform}: how identities are matched and how much one transform takes on. The catalog
 * currency products are curated in is {@link io.sendtime.config.CatalogSettings}.
 *
 * @param identity            the identity rule
 * @param maxRunsPerJob       extract runs one transform job consumes at most; the service runs as many
 *                            jobs as it takes to consume everything pending
 * @param inputs              more raw entities a curated entity is curated from, besides its own, as
 *                            {@code <source>.<entity>} (e.g. {@code storefront_events: [pixel.events]}): a source
 *                            that is only configuration feeds the curated lake through a raw schema whose columns (by
 *                            {@code sendtime.path}) are the ones the curated entity's own raw entity has
 * @param maxIngestRunsPerJob runs of {@code sendtime serve} (one each commit interval, 45 s, while events arrive) one
 *                            transform job consumes at most, besides the extract runs: 2,000, a day of them
 */
@ConfigurationProperties("sendtime.transform")
public record TransformSettings(Identity identity, int maxRunsPerJob, Map<String, List<String>> inputs,
                                int maxIngestRunsPerJob) {

    /** What makes a CRM contact and a commerce customer one person. */
    public enum MatchBy {
        /** the same normalized email */
        EMAIL,
        /** nothing: every record is its own customer */
        NONE
    }

    /** @param matchBy {@code email} (default) or {@code none} */
    public record Identity(MatchBy matchBy) {
        public Identity {
            matchBy = matchBy == null ? MatchBy.EMAIL : matchBy;
        }
    }

    @ConstructorBinding
    public TransformSettings {
        identity = identity == null ? new Identity(MatchBy.EMAIL) : identity;
        maxRunsPerJob = maxRunsPerJob <= 0 ? 40 : maxRunsPerJob;
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        maxIngestRunsPerJob = maxIngestRunsPerJob <= 0 ? 2_000 : maxIngestRunsPerJob;
    }

    public TransformSettings(Identity identity, int maxRunsPerJob, Map<String, List<String>> inputs) {
        this(identity, maxRunsPerJob, inputs, 0);
    }

    /** The raw entities the curated entity is read from: its curator's own, then the configured ones. */
    List<RawInput> inputsOf(Curator curator) {
        List<RawInput> all = new java.util.ArrayList<>(List.of(new RawInput(curator.source(), curator.rawEntity())));
        inputs.forEach((entity, more) -> {
            if (plain(entity).equals(plain(curator.entity()))) {
                more.forEach(input -> all.add(RawInput.parse(input, "sendtime.transform.inputs." + curator.entity())));
            }
        });
        return all;
    }

    /**
     * @throws IllegalArgumentException naming the key when an input names no curated entity (the YAML key may be
     *                                  written with or without brackets: Spring drops its underscores unbracketed)
     */
    public void checkInputs(List<String> curatedEntities) {
        for (String entity : inputs.keySet()) {
            if (curatedEntities.stream().noneMatch(e -> plain(e).equals(plain(entity)))) {
                throw new IllegalArgumentException("sendtime.transform.inputs." + entity + " names no curated entity"
                        + " (curated entities: " + String.join(", ", curatedEntities) + ")");
            }
            inputs.get(entity).forEach(input -> RawInput.parse(input, "sendtime.transform.inputs." + entity));
        }
    }

    private static String plain(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** One raw entity a curated entity is read from. */
    record RawInput(String source, String entity) {

        static RawInput parse(String text, String key) {
            int dot = text == null ? -1 : text.indexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new IllegalArgumentException(key + ": '" + text + "' is not <source>.<entity>");
            }
            return new RawInput(text.substring(0, dot), text.substring(dot + 1));
        }
    }
}
