-- (id, updated_at) of the records the last committed run read in its lookback band.
SELECT record_id, source_updated_at
FROM sendtime_extract_boundary
WHERE source = :source AND entity = :entity
