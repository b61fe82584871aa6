-- How many rows of the file (serving_person.sql) are the person's.
SELECT count(*) FROM read_parquet(getvariable('erase_file'))
WHERE list_contains(getvariable('erase_keys'), customer_key) OR list_contains(getvariable('erase_shas'), email_sha256)
