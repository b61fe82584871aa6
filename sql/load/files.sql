-- The curated files of one entity, as the DuckDB variable files_${table} that read_parquet reads.
SET VARIABLE files_${table} = CAST(:files::JSON AS VARCHAR[]);
