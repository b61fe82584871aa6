-- Segment memberships of every profile at the load's as_of. segment_matches (customer_key, segment,
-- priority) is built by the loader from segment_definitions' rules, for every profile or only the moved ones
-- (segment_matches.sql); ${only} limits the memberships that may end to the same profiles (empty, or a semi join with
-- moved_keys): the others' memberships stand. Every matching segment is a
-- membership; the one with the lowest priority is primary. Only what changed is written: `since`
-- stays the as_of of the load that first put the customer in the segment, snapshot_version the load
-- that last changed the row.

CREATE OR REPLACE TEMP TABLE new_memberships AS
SELECT customer_key, segment,
       row_number() OVER (PARTITION BY customer_key ORDER BY priority) = 1 AS is_primary
FROM segment_matches;

CREATE OR REPLACE TEMP TABLE changed_memberships AS
SELECT n.customer_key, n.segment, n.is_primary,
       coalesce(o.since, getvariable('as_of')) AS since, getvariable('load_id') AS snapshot_version
FROM new_memberships n
LEFT JOIN segment_memberships o ON o.customer_key = n.customer_key AND o.segment = n.segment
WHERE o.customer_key IS NULL OR o.is_primary <> n.is_primary;

-- memberships that ended, and the old rows of changed ones
CREATE OR REPLACE TEMP TABLE ended_memberships AS
SELECT customer_key, segment, is_primary FROM segment_memberships o ${only}
WHERE NOT EXISTS (SELECT 1 FROM new_memberships n
                  WHERE n.customer_key = o.customer_key AND n.segment = o.segment AND n.is_primary = o.is_primary);

-- the profiles whose memberships this load changed (the profiles snapshot publishes their rows again)
CREATE OR REPLACE TEMP TABLE segment_changed_keys AS
SELECT customer_key FROM changed_memberships UNION SELECT customer_key FROM ended_memberships;

DELETE FROM segment_memberships o USING ended_memberships e
WHERE o.customer_key = e.customer_key AND o.segment = e.segment AND o.is_primary = e.is_primary;

INSERT INTO segment_memberships BY NAME SELECT * FROM changed_memberships;
