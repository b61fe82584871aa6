SELECT source, entity, high_watermark, run_id, committed_at
FROM sendtime_watermark
ORDER BY source, entity
