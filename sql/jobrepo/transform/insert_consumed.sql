INSERT INTO sendtime_transform_consumed (source, run_id, transform_run_id, committed_at)
VALUES (:source, :runId, :transformRunId, :committedAt)
