-- Segment memberships of every profile at the load's as_of. segment_matches (a temp table of
-- customer_key, segment, priority) is built by the loader from segment_definitions' rules.
-- Every matching segment is a membership; the one with the lowest priority is primary. `since`
-- keeps the as_of of the load that first put the customer in the segment.

CREATE OR REPLACE TEMP TABLE new_memberships AS
SELECT m.customer_key, m.segment,
       row_number() OVER (PARTITION BY m.customer_key ORDER BY m.priority) = 1 AS is_primary,
       coalesce(old.since, getvariable('as_of')) AS since,
       CASE WHEN old.customer_key IS NOT NULL
                 AND old.is_primary = (row_number() OVER (PARTITION BY m.customer_key ORDER BY m.priority) = 1)
            THEN old.snapshot_version ELSE getvariable('load_id') END AS snapshot_version
FROM segment_matches m
LEFT JOIN segment_memberships old ON old.customer_key = m.customer_key AND old.segment = m.segment;

DELETE FROM segment_memberships;

INSERT INTO segment_memberships BY NAME SELECT * FROM new_memberships;
