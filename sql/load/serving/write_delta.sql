-- This load's delta of the profiles snapshot: the changed profiles, and a deletion marker (key only) for each one
-- gone (the file is a bound parameter; row groups of 16,384 rows, so that the
-- server reads it in small pieces within its DuckDB's 256 MB).
COPY (SELECT customer_key, email_sha256, getvariable('load_id') AS load_id, false AS deleted, row_hash, monetary_decile, profile, context
      FROM serving_json
      UNION ALL
      SELECT customer_key, NULL::VARCHAR, getvariable('load_id'), true, NULL::UBIGINT, NULL::INTEGER, NULL::VARCHAR, NULL::VARCHAR
      FROM serving_gone)
TO :file (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 16384);
