-- Distinct keys (${key}) of one curated entity across the files of the synthetic lake's runs (a bound JSON list).
SELECT count(DISTINCT ${key}) FROM read_parquet(CAST(:files::JSON AS VARCHAR[]), union_by_name = true);
