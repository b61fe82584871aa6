-- The summary row of a send's current render (RenderService), the counts as JSON.
SELECT send_at, snapshot_version, snapshot_age_seconds, stale_allowed, audience, rendered,
       to_json(excluded) AS excluded, to_json(rejected) AS rejected, to_json(fallbacks) AS fallbacks,
       to_json(variants) AS variants, stock_source, duration_ms, export_path,
       consent_source, consent_checked_at, consent_statements, consent_note, stock_skipped,
       money_converted, money_unconvertible, currency_rates_date
FROM render_summaries
WHERE campaign_id = :campaign AND send_id = :send
