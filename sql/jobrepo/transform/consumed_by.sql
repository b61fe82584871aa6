SELECT transform_run_id FROM sendtime_transform_consumed WHERE source = :source AND run_id = :runId
