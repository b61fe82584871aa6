SELECT snapshot_version, valid_from, valid_to, closed_by FROM profile_snapshots
WHERE customer_key = :k ORDER BY valid_from
