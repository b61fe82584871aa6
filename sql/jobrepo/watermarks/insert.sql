INSERT INTO sendtime_watermark (source, entity, high_watermark, run_id, committed_at)
VALUES (:source, :entity, :highWatermark, :runId, :committedAt)
