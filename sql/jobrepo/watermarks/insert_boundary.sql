INSERT INTO sendtime_extract_boundary (source, entity, record_id, source_updated_at)
VALUES (:source, :entity, :recordId, :sourceUpdatedAt)
