-- What the current chain of the profiles snapshot holds (the files in order, base first: the DuckDB variable
-- serving_files), into serving_published: per customer key the last row of the chain, unless that row deletes it.
SET VARIABLE serving_files = CAST(:files::JSON AS VARCHAR[]);
CREATE OR REPLACE TEMP TABLE serving_published AS
SELECT customer_key, row_hash FROM (
    SELECT customer_key, row_hash, deleted FROM read_parquet(getvariable('serving_files'), filename = true)
    QUALIFY row_number() OVER (PARTITION BY customer_key
                               ORDER BY list_position(getvariable('serving_files'), filename) DESC) = 1
) WHERE NOT deleted;
