-- How many profiles the rewritten chain holds (serving_published, made by load/serving/published.sql).
SELECT count(*) FROM serving_published
