-- How many versions of ${table} repeat a key across its curated files (0: no keep-latest sort needed).
SELECT count(*) - count(DISTINCT ${key})
FROM read_parquet(getvariable('files_${table}'), union_by_name = true, hive_partitioning = false)
