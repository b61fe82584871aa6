-- The version order in SQL, once: keeps the latest version per ${key}, the greatest source updated-at,
-- then the latest extraction, then the greatest extract run id (the same order as the transform,
-- io.sendtime.model.LatestVersions; a test holds the two to agree). Included by stage.sql, rebuild.sql
-- and lake/compact.sql where they say keep_latest.
QUALIFY row_number() OVER (PARTITION BY ${key}
                           ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1
