-- How many profiles the snapshot holds now, and how many rows a delta of this load would have.
SELECT (SELECT count(*) FROM profiles) AS profiles,
       (SELECT count(*) FROM serving_changed) + (SELECT count(*) FROM serving_gone) AS delta_rows;
