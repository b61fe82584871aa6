-- What the current chain of the profiles snapshot holds, as published.sql (which the erasure reads too) but with the
-- monetary decile: the files in order, base first (the DuckDB variable serving_files), into serving_published:
-- per customer key the last row of the chain, unless that row deletes it, its row hash and the monetary decile
-- published with it (${decile}: the column, or NULL when no file of the chain has it yet: written before the column
-- was, then every decile counts as moved once). One hash aggregate (the last row by file position), no sort.
SET VARIABLE serving_files = CAST(:files::JSON AS VARCHAR[]);
CREATE OR REPLACE TEMP TABLE serving_published AS
SELECT customer_key, last.row_hash, last.monetary_decile FROM (
    SELECT customer_key,
           arg_max({'row_hash': row_hash, 'monetary_decile': ${decile}, 'deleted': deleted},
                   list_position(getvariable('serving_files'), filename)) AS last
    FROM read_parquet(getvariable('serving_files'), filename = true, union_by_name = true)
    GROUP BY customer_key
) WHERE NOT last.deleted;
