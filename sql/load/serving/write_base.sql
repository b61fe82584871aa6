-- A new base of the profiles snapshot: every current profile (the file is a bound parameter; row groups of 16,384 rows, so that the
-- server reads it in small pieces within its DuckDB's 256 MB).
COPY (SELECT customer_key, email_sha256, getvariable('load_id') AS load_id, false AS deleted, row_hash, monetary_decile, profile, context
      FROM serving_json)
TO :file (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 16384);
