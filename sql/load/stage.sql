-- Stages the new curated versions of one entity and merges them into its current-state table.
-- Run by io.sendtime.load.WarehouseLoader once per entity with new files; ${table} and ${key} come
-- from the loader's fixed entity list, the file list from the DuckDB variable files_${table}.
-- Versions order by (_source_updated_at, _extracted_at, _raw_run_id) (keep_latest.sql), like docs/transform.md: a
-- version only replaces the current one when it is newer, so late and replayed files change nothing.

CREATE OR REPLACE TEMP TABLE delta_${table} AS
SELECT * FROM read_parquet(getvariable('files_${table}'), union_by_name = true, hive_partitioning = false)
${keep_latest};
