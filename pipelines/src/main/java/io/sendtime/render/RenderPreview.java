package io.sendtime.render;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.sendtime.config.ErrorMessages;
import io.sendtime.config.SqlFiles;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseQueries;

/** Recipients' tokens and contexts as a send would render them now, read-only (lake stock, no writes). */
@Component
public class RenderPreview {

    /**
     * One recipient's tokens, whether or not they are in the campaign's audience; {@code audience} and
     * {@code excludedReason} say whether they would get them.
     */
    public record Preview(String customerKey, boolean audience, String excludedReason, RenderedRecipient rendered) {}

    private final Warehouse warehouse;
    private final WarehouseQueries queries;
    private final RenderSettings settings;
    private final ObjectProvider<SuppressionList> suppressions;

    public RenderPreview(Warehouse warehouse, WarehouseQueries queries, RenderSettings settings,
                         ObjectProvider<SuppressionList> suppressions) {
        this.warehouse = warehouse;
        this.queries = queries;
        this.settings = settings;
        this.suppressions = suppressions;
    }

    public Preview preview(String campaignId, String customer) {
        CompiledCampaign campaign = new CampaignCatalog(settings.templates()).compile(campaignId);
        String key = queries.findCustomerKey(customer).orElseThrow(() -> new RenderService.Refused("no profile matches "
                + customer + " (a customer key, CRM contact id, commerce customer id, email or email SHA-256)"));
        Predicate<String> suppressed = suppressedMatcher();
        try {
            return warehouse.read(h -> {
                RecipientSelection.variables(h, campaign, Instant.now(), "preview", 0, key);
                RecipientSelection.select(h, campaign, List.of(), ConsentRefresh.Refreshed.none(Instant.now()),
                        RecipientSelection.sqlFilter(campaign.campaign()), true,
                        suppressed);
                String excluded = h.createQuery(SqlFiles.text("render/preview_excluded.sql")).mapTo(String.class)
                        .findOne().orElse(null);
                boolean inAudience = RecipientSelection.inAudience(h, campaign);
                RecipientRows rows = new RecipientRows(RecipientRows.Lookups.load(h, campaign.campaign(), Instant.now()));
                try (Statement statement = h.getConnection().createStatement();
                     ResultSet rs = statement.executeQuery(SqlFiles.text("render/recipients_all.sql"))) {
                    if (!rs.next()) {
                        throw new RenderService.Refused("customer " + key + " has no profile to render");
                    }
                    return new Preview(key, inAudience, excluded, campaign.render(rows.next(rs)));
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("preview failed: " + ErrorMessages.oneLine(e), e);
        }
    }

    /**
     * Whether an address is on the suppression list, as a send would check it (without the key to match a list
     * that is not empty, the preview is refused like the send); null when there is no job repository yet.
     */
    private Predicate<String> suppressedMatcher() {
        try {
            SuppressionList list = suppressions.getIfAvailable();
            return list == null ? null : list.matcher();
        } catch (IllegalStateException | DataAccessException | BeanCreationException e) {
            return null; // nothing has run yet: nothing is suppressed
        }
    }
}
