-- The merge of one entity in a full rebuild: the table was emptied, so the latest version per key of
-- all curated files goes straight in (no staging copy, no pruning). ${keep_latest} is keep_latest.sql,
-- the QUALIFY that keeps the latest version per key, or nothing when the files come from one manifest and the loader
-- found every key once (repeated_keys.sql: one transform run writes one row per key, so a key repeats only across
-- runs; from several runs the loader keeps the latest without checking).
-- delta_${table} is then the whole table, for the hooks. The customers to recompute are everyone
-- (WarehouseLoader), not noted here.

INSERT INTO ${table} BY NAME
SELECT * FROM read_parquet(getvariable('files_${table}'), union_by_name = true, hive_partitioning = false)
${keep_latest};

CREATE OR REPLACE TEMP VIEW delta_${table} AS SELECT * FROM ${table};
