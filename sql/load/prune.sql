-- Drops staged versions that are not newer than what the warehouse has (late, replayed or re-extracted
-- ones), after touch.sql has noted their customers: a version that changes nothing here may still carry
-- a consent statement the after-hooks record.

-- drop versions that are not newer than what the warehouse has
DELETE FROM delta_${table} d
USING ${table} t
WHERE t.${key} = d.${key}
  AND (t._source_updated_at, t._extracted_at, t._raw_run_id) >= (d._source_updated_at, d._extracted_at, d._raw_run_id);
