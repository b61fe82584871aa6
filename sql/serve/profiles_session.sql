-- sendtime serve reads the published profiles snapshot (serving/profiles/) with an in-memory DuckDB, never the
-- warehouse file: little memory, one thread, no spilling beside the lake.
SET memory_limit = '256MB';
SET threads = 1;
SET preserve_insertion_order = false;
