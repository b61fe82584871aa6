-- The curated manifests (transform runs, compactions) the warehouse holds.
SELECT transform_run_id FROM loaded_manifests
