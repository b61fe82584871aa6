INSERT OR REPLACE INTO loaded_manifests VALUES (:transformRunId, :loadId, :committedAt::TIMESTAMPTZ)
