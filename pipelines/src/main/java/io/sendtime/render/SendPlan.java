package io.sendtime.render;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.sendtime.warehouse.WarehouseQueries;

/**
 * What a send is checked against before anything runs, by the launcher and again by the render itself:
 * its campaign compiles, its send id is well formed, and the newest profile snapshot is fresh enough for
 * the campaign: its data complete to a time within the campaign's freshness limit (not the load's clock: an
 * empty load makes nothing fresher), or the operator allowed a stale one. Otherwise {@link RenderService.Refused}.
 */
record SendPlan(CompiledCampaign campaign, String sendId, WarehouseQueries.Freshness freshness, Duration age,
                boolean stale) {

    static SendPlan of(RenderService.RenderRequest request, CampaignCatalog catalog, WarehouseQueries queries,
                       Instant now) {
        CompiledCampaign campaign = catalog.compile(request.campaignId());
        String sendId = sendId(request);
        var freshness = queries.freshness().orElseThrow(() -> new RenderService.Refused(
                "no profiles yet: run ./sendtime run load before rendering"));
        Duration age = Duration.between(freshness.dataCompleteTo(), now);
        Duration limit = campaign.campaign().freshness();
        boolean stale = age.compareTo(limit) > 0;
        if (stale && !request.allowStale()) {
            throw new RenderService.Refused("the newest profile snapshot (load " + freshness.loadId() + ") holds data"
                    + " complete to " + freshness.dataCompleteTo() + ", " + age.toMinutes() + " min old, older than campaign "
                    + campaign.campaign().id() + "'s freshness limit of " + limit.toMinutes()
                    + " min: run a load first, or pass --allow-stale");
        }
        return new SendPlan(campaign, sendId, freshness, age, stale);
    }

    /** The send id given, or one made of the send time. */
    private static String sendId(RenderService.RenderRequest request) {
        String sendId = request.sendId() != null ? request.sendId()
                : request.sendAt().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        if (!sendId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new RenderService.Refused("--send-id: letters, digits, '.', '_' and '-' only (up to 100): " + sendId);
        }
        return sendId;
    }
}
