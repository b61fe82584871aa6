INSERT INTO sendtime_erasure (erasure_id, reason, identifiers, requested_at)
VALUES (:erasureId, :reason, :identifiers, :requestedAt)
