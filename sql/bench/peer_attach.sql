-- `bench load --peer dbt`, the check (io.sendtime.bench.DbtPeer): sendtime's warehouse and the dbt peer's DuckDB file,
-- both read-only, in a scratch DuckDB. The peer is attached under its file's name (dbt-duckdb writes its views
-- against that catalog); sendtime's is the default, so its profile_features_at macro resolves its own tables.
ATTACH :warehouse AS sendtime (READ_ONLY);
ATTACH :peer AS ${peer} (READ_ONLY);
USE sendtime;
