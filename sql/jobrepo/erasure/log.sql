-- The newest erasures for `privacy log`: when asked, when done, why, and the erasure's id (a keyed hash).
SELECT requested_at, completed_at, reason, identifiers, erasure_id
FROM sendtime_erasure
ORDER BY requested_at DESC, erasure_id
LIMIT :limit
