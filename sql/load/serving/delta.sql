-- The delta of this load against the published chain (serving_published), into serving_delta: the profiles that
-- are new or changed (another row_hash), and a deletion marker (deleted, key only) for each published profile that
-- is gone (deleted at the sources; an erased person is no longer in the chain: the erasure rewrote it).
CREATE OR REPLACE TEMP TABLE serving_delta AS
SELECT s.customer_key, s.email_sha256, getvariable('load_id') AS load_id, false AS deleted, s.row_hash, s.profile,
       s.context
FROM serving_profiles s LEFT JOIN serving_published p USING (customer_key)
WHERE p.row_hash IS DISTINCT FROM s.row_hash
UNION ALL
SELECT p.customer_key, NULL::VARCHAR, getvariable('load_id'), true, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR
FROM serving_published p ANTI JOIN serving_profiles s USING (customer_key);
