-- The SCD2 invariants the quality check holds: one current version per customer, and every profile is
-- its current version.
SELECT
    (SELECT count(*) FROM (SELECT customer_key FROM profile_snapshots WHERE is_current
                           GROUP BY 1 HAVING count(*) > 1)) AS two_current,
    (SELECT count(*) FROM profiles p ANTI JOIN profile_snapshots s
     ON s.customer_key = p.customer_key AND s.is_current AND s.row_hash = p.row_hash) AS unmatched
