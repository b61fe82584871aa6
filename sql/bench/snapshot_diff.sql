-- Rows of two profiles-snapshot bases that are not in the other (the full rebuild's and the reference's): 0 when
-- both published the same rows. The files are bound parameters.
SELECT count(*) FROM (
    (SELECT customer_key, email_sha256, deleted, row_hash, monetary_decile, profile, context FROM read_parquet(:a)
     EXCEPT ALL
     SELECT customer_key, email_sha256, deleted, row_hash, monetary_decile, profile, context FROM read_parquet(:b))
    UNION ALL
    (SELECT customer_key, email_sha256, deleted, row_hash, monetary_decile, profile, context FROM read_parquet(:b)
     EXCEPT ALL
     SELECT customer_key, email_sha256, deleted, row_hash, monetary_decile, profile, context FROM read_parquet(:a)))
