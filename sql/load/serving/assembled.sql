-- How many profiles rows the snapshot step assembled (serving/profiles.sql).
SELECT count(*) FROM serving_hashes
