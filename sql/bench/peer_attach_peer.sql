-- The peer's DuckDB file, read-only, under its file's name (dbt-duckdb writes its views against that catalog).
ATTACH :peer AS ${peer} (READ_ONLY);
