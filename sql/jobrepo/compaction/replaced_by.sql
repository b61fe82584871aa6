SELECT compaction_id FROM sendtime_curated_compaction WHERE replaced_run_id = :replacedRunId
