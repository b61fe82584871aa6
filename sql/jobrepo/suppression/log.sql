-- The newest suppressions for `privacy log`: when, why, who reported it, and the keyed hash (shortened there).
SELECT suppressed_at, reason, source, email_hash
FROM sendtime_suppression
ORDER BY suppressed_at DESC, email_hash
LIMIT :limit
