-- This load's delta of the profiles snapshot (the file is a bound parameter).
COPY (SELECT customer_key, email_sha256, load_id, deleted, row_hash, profile, context FROM serving_delta)
TO :file (FORMAT parquet, COMPRESSION zstd);
