package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sendtime.warehouse.WarehouseQueries;

/**
 * The quality of each campaign's latest render, for {@code check quality}: its share of rejected eligible
 * recipients against the campaign's {@code max_rejection_rate}, and each token's share of fallbacks against its
 * {@code max_fallback_rate} (the limits a send checks before it publishes, {@link SendLimits}; a render published
 * before the limits were set, or with the limits changed since, shows here).
 */
@Component
public class RenderQuality {

    /** One campaign's check: passed, and what was measured. */
    public record Check(String name, boolean passed, String detail) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WarehouseQueries queries;
    private final RenderSettings settings;

    public RenderQuality(WarehouseQueries queries, RenderSettings settings) {
        this.queries = queries;
        this.settings = settings;
    }

    public List<Check> run() {
        CampaignCatalog catalog = new CampaignCatalog(settings.templates());
        List<Check> checks = new ArrayList<>();
        for (Map<String, Object> last : queries.rows("render/last_renders.sql", Map.of())) {
            String id = (String) last.get("campaign_id");
            Campaign campaign;
            try {
                campaign = catalog.compile(id).campaign();
            } catch (TemplateException e) {
                continue; // a campaign no longer in the templates: nothing to hold its renders to
            }
            long rendered = ((Number) last.get("rendered")).longValue();
            long rejected = ((Number) last.get("rejected")).longValue();
            long eligible = rendered + rejected;
            double rate = eligible == 0 ? 0 : (double) rejected / eligible;
            List<String> problems = new ArrayList<>();
            StringBuilder detail = new StringBuilder(String.format("send %s: %,d of %,d eligible rejected (%.1f%%, limit %.1f%%)",
                    last.get("send_id"), rejected, eligible, rate * 100, campaign.rejectionLimit() * 100));
            if (rate > campaign.rejectionLimit()) {
                problems.add("rejections");
            }
            Map<String, Long> fallbacks = counts((String) last.get("fallbacks"));
            for (Campaign.Token token : campaign.tokens()) {
                long n = fallbacks.getOrDefault(token.name(), 0L);
                if (token.maxFallbackRate() != null && rendered > 0) {
                    double share = (double) n / rendered;
                    detail.append(String.format("; %s fell back %.1f%% (limit %.1f%%)", token.name(), share * 100,
                            token.maxFallbackRate() * 100));
                    if (share > token.maxFallbackRate()) {
                        problems.add(token.name() + " fallbacks");
                    }
                }
            }
            checks.add(new Check("render " + id, problems.isEmpty(), detail
                    + (problems.isEmpty() ? "" : " — over: " + String.join(", ", problems))));
        }
        return checks;
    }

    private static Map<String, Long> counts(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Long>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
