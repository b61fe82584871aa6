-- The transform runs that committed (their curated manifests are trusted).
SELECT DISTINCT transform_run_id FROM sendtime_transform_consumed
