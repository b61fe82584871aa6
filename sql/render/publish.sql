-- Replaces the token sets of one send (campaign_id, send_id variables) with the rendered ones in
-- render_staging (customer_key, email, variant, rejection, then one column per token: t1 ... tN), in the
-- render's one transaction. ${token_map} builds the tokens MAP from those columns (RenderPipeline).

DELETE FROM token_sets WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_rejections WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_summaries WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');

INSERT INTO token_sets
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, variant,
       ${token_map}, getvariable('snapshot_version'), getvariable('render_at')
FROM render_staging WHERE rejection IS NULL;

INSERT INTO render_rejections
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, rejection
FROM render_staging WHERE rejection IS NOT NULL
UNION ALL
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, 'excluded:' || excluded_reason
FROM render_audience WHERE excluded_reason IS NOT NULL;
