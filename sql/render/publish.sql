-- Replaces the token sets of one send (campaign_id, send_id variables) with the rendered ones in
-- render_staging (customer_key, email, variant, rejection, tokens_json: RenderPipeline), in the render's
-- one transaction. render_out holds the send's token sets with the tokens as a MAP, made once, for
-- token_sets and the export (export.sql).

CREATE OR REPLACE TEMP TABLE render_out AS
SELECT customer_key, email, variant, tokens_json::JSON::MAP(VARCHAR, VARCHAR) AS tokens, tokens_json
FROM render_staging WHERE rejection IS NULL;

DELETE FROM token_sets WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_rejections WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');
DELETE FROM render_summaries WHERE campaign_id = getvariable('campaign_id') AND send_id = getvariable('send_id');

INSERT INTO token_sets
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, variant,
       tokens, getvariable('snapshot_version'), getvariable('render_at')
FROM render_out;

INSERT INTO render_rejections
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, rejection
FROM render_staging WHERE rejection IS NOT NULL
UNION ALL
SELECT getvariable('campaign_id'), getvariable('send_id'), customer_key, 'excluded:' || excluded_reason
FROM render_audience WHERE excluded_reason IS NOT NULL;
