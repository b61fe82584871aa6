INSERT INTO sendtime_curated_compaction (replaced_run_id, compaction_id, committed_at)
VALUES (:replacedRunId, :compactionId, :committedAt)
