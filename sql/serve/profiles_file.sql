-- One file of the profiles snapshot's chain (the variable serving_file, profiles_file_set.sql), read in the server.
SELECT customer_key, email_sha256, deleted, profile, context FROM read_parquet(getvariable('serving_file'))
