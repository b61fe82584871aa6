-- The profiles snapshot for sendtime serve (docs/load.md, "The published profiles snapshot"): every current profile
-- as of the load's as_of, one row each, into the temp table serving_profiles:
--   profile   what GET /v1/profiles/<id> answers: the profile's columns (but its bookkeeping: which load wrote it and
--             when, so that an incremental load publishes exactly what a rebuild would) and time-relative features
--             (profile_features_at as of the load), its segments and primary segment, and its consent per channel
--             (status, since, source) as JSON
--   context   the template context of templates/README.md, the render's expression (render/template_context.sql),
--             with bought_ids always filled (the distinct products of their valid orders, in id order)
--   row_hash  md5 of both: what the next load compares to publish only what changed
-- ${template_context} is render/template_context.sql, reading the aliases a and b.
CREATE OR REPLACE TEMP TABLE serving_profiles AS
WITH memberships AS (
    SELECT customer_key, list(segment ORDER BY segment) AS segments,
           max(segment) FILTER (WHERE is_primary) AS primary_segment
    FROM segment_memberships GROUP BY customer_key
), consent AS (
    SELECT customer_key, list({'channel': channel, 'status': status, 'since': valid_from, 'source': source}
                              ORDER BY channel) AS consents
    FROM consents WHERE is_current GROUP BY customer_key
), bought AS (
    SELECT oi.customer_key, list(DISTINCT oi.product_id ORDER BY oi.product_id) AS product_ids
    FROM order_items oi JOIN orders o USING (order_id)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL AND oi.customer_key IS NOT NULL
    GROUP BY oi.customer_key
), audience AS (
    SELECT f.* EXCLUDE (row_hash, snapshot_version, updated_at), coalesce(m.segments, []::VARCHAR[]) AS segments, m.primary_segment
    FROM profile_features_at(getvariable('as_of')) f LEFT JOIN memberships m USING (customer_key)
), profiled AS (
    SELECT a.*, coalesce(c.consents, []) AS consents FROM audience a LEFT JOIN consent c USING (customer_key)
), served AS (
    SELECT a.customer_key, a.email_sha256, to_json(a)::VARCHAR AS profile, ${template_context} AS context
    FROM profiled a LEFT JOIN bought b USING (customer_key)
)
SELECT *, md5(profile || context) AS row_hash FROM served;
