-- One file of the profiles snapshot (serving/profiles/, docs/load.md) and one person's identifiers, as DuckDB
-- variables for serving_count.sql and serving_rewrite.sql: a row is theirs by its customer key or email SHA-256.
SET VARIABLE erase_file = :file;
SET VARIABLE erase_keys = CAST(:keys::JSON AS VARCHAR[]);
SET VARIABLE erase_shas = CAST(:shas::JSON AS VARCHAR[]);
