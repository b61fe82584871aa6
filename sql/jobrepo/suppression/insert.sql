INSERT INTO sendtime_suppression (email_hash, reason, source, suppressed_at)
VALUES (:emailHash, :reason, :source, :suppressedAt)
