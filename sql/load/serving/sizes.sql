-- How many profiles the snapshot holds now, and how many rows this load's delta has.
SELECT (SELECT count(*) FROM serving_profiles) AS profiles, (SELECT count(*) FROM serving_delta) AS delta_rows;
