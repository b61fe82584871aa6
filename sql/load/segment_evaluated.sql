-- How many profiles the segment rules were evaluated over (${rows}: profiles, or serving/moved.sql's serving_rows).
SELECT count(*) FROM ${rows}
