package io.sendtime.transform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sendtime.transform}: how identities are matched and how much one transform takes on. The catalog
 * currency products are curated in is {@link io.sendtime.config.CatalogSettings}.
 *
 * @param identity        the identity rule
 * @param maxRunsPerJob   extract runs one transform job consumes at most; the service runs as many
 *                        jobs as it takes to consume everything pending
 */
@ConfigurationProperties("sendtime.transform")
public record TransformSettings(Identity identity, int maxRunsPerJob) {

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

    public TransformSettings {
        identity = identity == null ? new Identity(MatchBy.EMAIL) : identity;
        maxRunsPerJob = maxRunsPerJob <= 0 ? 40 : maxRunsPerJob;
    }
}
