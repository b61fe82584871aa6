-- This load against the published chain (serving_published): the assembled profiles (serving_hashes: every profile,
-- or the candidates) that are new or changed (another row_hash), into serving_changed, and the published ones that
-- are no longer profiles (deleted at the sources; an erased person is no longer in the chain: the erasure rewrote
-- it), into serving_gone.
CREATE OR REPLACE TEMP TABLE serving_changed AS
SELECT s.customer_key FROM serving_hashes s LEFT JOIN serving_published p USING (customer_key)
WHERE p.row_hash IS DISTINCT FROM s.row_hash;

CREATE OR REPLACE TEMP TABLE serving_gone AS
SELECT customer_key FROM serving_published ANTI JOIN profiles USING (customer_key);
