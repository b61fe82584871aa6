-- The profiles snapshot for sendtime serve (docs/load.md, "The published profiles snapshot"): the current profiles
-- as of the load's as_of, one row each, into the temp table serving_profiles: every profile (${only} empty, ${features}
-- profile_features_at), or only those in serving_keys (candidates.sql: ${only} a semi join with it, ${features}
-- profile_features_of over the temp tables of their rows), with what its JSON is made of
-- (json.sql), and serving_hashes: a 64-bit hash of that row, what the next load compares to publish only what changed
-- (DuckDB's hash(): writing JSON and hashing it for a million profiles would cost the load far more):
--   the profile's columns but its bookkeeping (which load wrote it and when, so that an incremental load publishes
--   exactly what a rebuild would), its time-relative features (profile_features_at as of the load), segments and
--   primary segment, consents (per channel: status, since, source), and bought_ids (the distinct products of their
--   valid orders, in id order, as the load keeps them in bought_products: the template context's).
CREATE OR REPLACE TEMP TABLE serving_profiles AS
WITH memberships AS (
    SELECT customer_key, list(segment ORDER BY segment) AS segments,
           max(segment) FILTER (WHERE is_primary) AS primary_segment
    FROM segment_memberships ${only} GROUP BY customer_key
), consent AS (
    -- one current status per channel: sorting the structs sorts by channel (list(... ORDER BY) costs 3x as much)
    SELECT customer_key, list_sort(list({'channel': channel, 'status': status, 'since': valid_from, 'source': source}))
               AS consents
    FROM consents ${only} WHERE is_current GROUP BY customer_key
), bought AS (
    SELECT customer_key, product_ids FROM bought_products ${only}
)
SELECT f.* EXCLUDE (row_hash, snapshot_version, updated_at), coalesce(m.segments, []::VARCHAR[]) AS segments,
       m.primary_segment, coalesce(c.consents, []) AS consents, coalesce(b.product_ids, []::BIGINT[]) AS bought_ids
FROM ${features} f
LEFT JOIN memberships m USING (customer_key) LEFT JOIN consent c USING (customer_key)
LEFT JOIN bought b USING (customer_key);

CREATE OR REPLACE TEMP TABLE serving_hashes AS
SELECT customer_key, hash(p) AS row_hash FROM serving_profiles p;
