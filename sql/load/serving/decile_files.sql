-- How many files of the published chain (a bound JSON list) have the monetary_decile column.
SELECT count(DISTINCT file_name) FROM parquet_schema(CAST(:files::JSON AS VARCHAR[])) WHERE name = 'monetary_decile';
