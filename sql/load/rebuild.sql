-- The merge of one entity in a full rebuild: the table was emptied, so the latest version per key of
-- all curated files goes straight in (no staging copy, no pruning). delta_${table} is then the whole
-- table, for the hooks. The customers to recompute are everyone (WarehouseLoader), not noted here.

INSERT INTO ${table} BY NAME
SELECT * FROM read_parquet(getvariable('files_${table}'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY ${key}
                           ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

CREATE OR REPLACE TEMP VIEW delta_${table} AS SELECT * FROM ${table};
