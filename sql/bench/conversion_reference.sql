-- The extract benchmark's reference (c): DuckDB converting the same JSON lines to Parquet itself, on the given number of threads
-- (the benchmark runs it on one thread and on all cores, next to sendtime's conversion on as many).
SET threads = :threads;
COPY (SELECT * FROM read_json(:input, format = 'newline_delimited')) TO :output (FORMAT parquet, COMPRESSION snappy);
