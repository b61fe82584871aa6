-- The extract benchmark's reference (c): DuckDB converting the same JSON lines to Parquet itself, on all cores.
SET threads = :threads;
COPY (SELECT * FROM read_json(:input, format = 'newline_delimited')) TO :output (FORMAT parquet, COMPRESSION snappy);
