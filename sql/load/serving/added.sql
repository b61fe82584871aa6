-- How many candidates moved.sql did not take (candidates.sql): their rows are added only when there are some.
SELECT count(*) FROM serving_added
