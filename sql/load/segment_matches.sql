-- Every rule in one pass over the features: ${checks} is one segment_match.sql per rule (NULL::INTEGER
-- when there is none); a profile is in every segment whose rule matches. ${features}: every profile's
-- (profile_features_at(as_of)), or only the moved profiles' (profile_features_of over serving/moved.sql's temp tables,
-- when SegmentRules found that nothing but those can change a membership).
CREATE OR REPLACE TEMP TABLE segment_matches AS
SELECT f.customer_key, d.name AS segment, d.priority
FROM (SELECT customer_key, unnest([${checks}]) AS priority
      FROM ${features}) f
JOIN segment_definitions d ON d.priority = f.priority;
