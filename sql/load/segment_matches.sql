-- Every rule in one pass over the features: ${checks} is one segment_match.sql per rule (NULL::INTEGER
-- when there is none); a profile is in every segment whose rule matches.
CREATE OR REPLACE TEMP TABLE segment_matches AS
SELECT f.customer_key, d.name AS segment, d.priority
FROM (SELECT customer_key, unnest([${checks}]) AS priority
      FROM profile_features_at(getvariable('as_of'))) f
JOIN segment_definitions d ON d.priority = f.priority;
