-- The current render of each campaign's latest send (check quality): rendered, rejected and fallbacks per token.
SELECT campaign_id, send_id, rendered_at, rendered,
       coalesce(list_sum(map_values(rejected)), 0) AS rejected, to_json(fallbacks)::VARCHAR AS fallbacks
FROM render_summaries
QUALIFY row_number() OVER (PARTITION BY campaign_id ORDER BY rendered_at DESC) = 1
ORDER BY campaign_id
