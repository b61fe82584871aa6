-- What the current chain of the profiles snapshot holds, as published.sql (which the erasure reads too) but with the
-- monetary decile: the files in order, base first (the DuckDB variable serving_files), into serving_published:
-- per customer key the last row of the chain, unless that row deletes it, its row hash and the monetary decile published with it (${decile}: the column, or NULL when no file of the chain has
-- it yet: written before the column was, then every decile counts as moved once).
SET VARIABLE serving_files = CAST(:files::JSON AS VARCHAR[]);
CREATE OR REPLACE TEMP TABLE serving_published AS
SELECT customer_key, row_hash, monetary_decile FROM (
    SELECT customer_key, row_hash, ${decile} AS monetary_decile, deleted
    FROM read_parquet(getvariable('serving_files'), filename = true, union_by_name = true)
    QUALIFY row_number() OVER (PARTITION BY customer_key
                               ORDER BY list_position(getvariable('serving_files'), filename) DESC) = 1
) WHERE NOT deleted;
