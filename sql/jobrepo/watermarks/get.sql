-- The committed watermark of one entity.
SELECT source, entity, high_watermark, run_id, committed_at
FROM sendtime_watermark
WHERE source = :source AND entity = :entity
