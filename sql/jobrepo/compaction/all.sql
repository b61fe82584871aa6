-- Every committed compaction with the curated manifests it replaced.
SELECT compaction_id, committed_at, replaced_run_id
FROM sendtime_curated_compaction
ORDER BY committed_at, compaction_id, replaced_run_id
