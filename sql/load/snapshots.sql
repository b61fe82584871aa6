-- SCD type 2 over the touched customers, then the current profiles table.
-- A version is closed when the profile's row hash changed (to_json keeps NULL apart from 'null' and
-- from ''), or when the customer has no profile any more (deleted); a new version opens only for a
-- changed or new profile. valid_from/valid_to are the load's as_of, which only ever grows.

UPDATE profile_snapshots s
SET valid_to = getvariable('as_of'), is_current = false,
    closed_by = CASE WHEN n.customer_key IS NULL THEN 'deleted' ELSE 'changed' END
FROM touched_keys k LEFT JOIN new_profiles n USING (customer_key)
WHERE s.customer_key = k.customer_key AND s.is_current
  AND (n.customer_key IS NULL OR n.row_hash <> s.row_hash);

INSERT INTO profile_snapshots BY NAME
SELECT n.*, getvariable('as_of') AS valid_from, NULL::TIMESTAMPTZ AS valid_to, true AS is_current,
       getvariable('load_id') AS snapshot_version, NULL::VARCHAR AS closed_by
FROM new_profiles n
ANTI JOIN (SELECT customer_key FROM profile_snapshots WHERE is_current) c USING (customer_key);

DELETE FROM profiles WHERE customer_key IN (SELECT customer_key FROM touched_keys);

INSERT INTO profiles BY NAME
SELECT n.*, s.snapshot_version, s.valid_from AS updated_at
FROM new_profiles n JOIN profile_snapshots s ON s.customer_key = n.customer_key AND s.is_current;
