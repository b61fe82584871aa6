-- Every extract run a transform consumed.
SELECT source, run_id FROM sendtime_transform_consumed
