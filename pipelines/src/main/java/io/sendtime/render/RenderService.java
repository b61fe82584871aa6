package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.sendtime.config.SqlFiles;
import io.sendtime.jobs.JobFailures;
import io.sendtime.jobs.JobRuns;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseQueries;

/**
 * Launches the render of one send of a campaign as a run of the Spring Batch job {@code render}
 * ({@link SendRender} does the work): a send that cannot start (template error, stale snapshot, bad send
 * id) is {@link Refused} before any job runs; a failed run throws with its cause in one line, and the
 * send's previous render stays in place. The CLI, the demo and tests come through here.
 */
@Service
public class RenderService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};

    /**
     * @param sendId            defaults to the send time
     * @param allowStale        render on a snapshot older than the campaign's freshness limit
     * @param allowStaleConsent render on the last load's consent when the refresh from the sources fails
     */
    public record RenderRequest(String campaignId, Instant sendAt, String sendId, boolean allowStale,
                                boolean allowStaleConsent) {

        /** A request that allows neither a stale snapshot nor stale consent, or only a stale snapshot. */
        public RenderRequest(String campaignId, Instant sendAt, String sendId, boolean allowStale) {
            this(campaignId, sendAt, sendId, allowStale, false);
        }

        /** The render job's parameters: campaign, send and send time identify it with the time it was asked for. */
        JobParameters toParameters() {
            return new JobParametersBuilder()
                    .addString("campaign", campaignId).addString("sendId", sendId).addString("sendAt", sendAt.toString())
                    .addString("allowStale", Boolean.toString(allowStale), false)
                    .addString("allowStaleConsent", Boolean.toString(allowStaleConsent), false)
                    .addString("requestedAt", Instant.now().toString()).toJobParameters();
        }

        static RenderRequest from(JobParameters p) {
            return new RenderRequest(p.getString("campaign"), Instant.parse(p.getString("sendAt")), p.getString("sendId"),
                    Boolean.parseBoolean(p.getString("allowStale")), Boolean.parseBoolean(p.getString("allowStaleConsent")));
        }
    }

    /** The run did not start: a stale snapshot, no profiles yet. Exit code 2, one line. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Warehouse warehouse;
    private final WarehouseQueries queries;
    private final RenderSettings settings;
    private final JobRuns jobRuns;
    private final Job renderJob;
    private final SuppressionList suppressions;

    public RenderService(Warehouse warehouse, WarehouseQueries queries, RenderSettings settings, JobRuns jobRuns,
                         @Qualifier("renderJob") Job renderJob, SuppressionList suppressions) {
        this.suppressions = suppressions;
        this.warehouse = warehouse;
        this.queries = queries;
        this.settings = settings;
        this.jobRuns = jobRuns;
        this.renderJob = renderJob;
    }

    public CampaignCatalog catalog() {
        return new CampaignCatalog(settings.templates());
    }

    /** Renders one send as a run of the render job; returns the summary the run wrote. */
    public RenderSummary run(RenderRequest request) {
        SendPlan plan = SendPlan.of(request, catalog(), queries, Instant.now());
        jobRuns.refuseWhileRunning(JobRuns.ERASE);
        suppressions.checkKey(); // a suppression list without the key to match it refuses the send, before any job
        String campaignId = plan.campaign().campaign().id();
        JobExecution execution = jobRuns.start(renderJob,
                new RenderRequest(campaignId, request.sendAt(), plan.sendId(), request.allowStale(),
                        request.allowStaleConsent()).toParameters());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            // refused inside the run (consent could not be checked at the sources): one line, exit code 2
            execution.getAllFailureExceptions().stream().filter(Refused.class::isInstance).findFirst()
                    .ifPresent(refused -> {
                        throw new Refused(refused.getMessage());
                    });
            throw new IllegalStateException(JobFailures.of(execution));
        }
        return summaryOf(campaignId, plan.sendId());
    }

    /** The summary row of a send's current render (sql/render/summary.sql). */
    private RenderSummary summaryOf(String campaignId, String sendId) {
        return warehouse.read(h -> h.createQuery(SqlFiles.text("render/summary.sql"))
                .bind("campaign", campaignId).bind("send", sendId)
                .map((rs, ctx) -> new RenderSummary(campaignId, sendId, rs.getTimestamp("send_at").toInstant(),
                        rs.getLong("snapshot_version"), Duration.ofSeconds(rs.getLong("snapshot_age_seconds")),
                        rs.getBoolean("stale_allowed"), rs.getLong("audience"), rs.getLong("rendered"),
                        counts(rs.getString("excluded")), counts(rs.getString("rejected")),
                        counts(rs.getString("fallbacks")), counts(rs.getString("variants")), rs.getString("stock_source"),
                        rs.getLong("stock_skipped"),
                        Duration.ofMillis(rs.getLong("duration_ms")), Path.of(rs.getString("export_path")),
                        new RenderSummary.Consent(rs.getString("consent_source"),
                                rs.getObject("consent_checked_at", java.time.OffsetDateTime.class).toInstant(),
                                rs.getLong("consent_statements"), rs.getString("consent_note")),
                        new RenderSummary.MoneyValues(rs.getLong("money_converted"), rs.getLong("money_unconvertible"),
                                rs.getObject("currency_rates_date", java.time.LocalDate.class)), Map.of()))
                .one());
    }

    private static Map<String, Long> counts(String json) {
        try {
            return JSON.readValue(json, COUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
