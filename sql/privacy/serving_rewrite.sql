-- The file (serving_person.sql) without the person's rows, written to :target.
COPY (SELECT * FROM read_parquet(getvariable('erase_file'))
      WHERE NOT (list_contains(getvariable('erase_keys'), customer_key)
                 OR coalesce(list_contains(getvariable('erase_shas'), email_sha256), false)))
TO :target (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 16384);
