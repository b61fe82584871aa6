-- The extract windows whose data this load's curated manifests consumed (sql/warehouse/V4__consent_at_send.sql).
-- A window already recorded (a rebuild, a compaction of runs loaded before) keeps its first load.
INSERT OR IGNORE INTO source_windows
VALUES (:source, :entity, :runId, :windowFrom::TIMESTAMPTZ, :windowTo::TIMESTAMPTZ, :loadId)
