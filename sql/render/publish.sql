-- Replaces the token sets of one send (campaign_id, send_id variables) with the rendered ones, in the
-- render's one transaction: the token sets from the export the render threads wrote (ExportFiles:
-- token_sets.parquet, the bound :tokenSetsFile), every row written once; the rejections from
-- render_staging (RenderPipeline) and the audience's exclusions.

DELETE FROM token_sets WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_rejections WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_summaries WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');

INSERT INTO token_sets
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, variant,
       tokens, getvariable('snapshot_version'), getvariable('render_at')
FROM read_parquet(:tokenSetsFile);

INSERT INTO render_rejections
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, rejection
FROM render_staging
UNION ALL
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, 'excluded:' || excluded_reason
FROM render_audience WHERE excluded_reason IS NOT NULL;
