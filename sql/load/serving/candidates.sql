-- The profiles whose published row this load may change, into serving_keys (moved.sql ran before the segments):
-- those whose features may have moved (moved_keys) and those whose segment memberships this load changed
-- (segment_changed_keys, segments.sql). Everything a row is made of (serving/profiles.sql) changes only through
-- one of these; the others keep their published row and are not assembled at all. The changed memberships are
-- among the moved profiles unless the segments were evaluated over every profile (a rule edited, say): those others
-- go to serving_added (counted by added.sql), whose rows candidates_added.sql adds to the ones moved.sql took.
CREATE OR REPLACE TEMP TABLE serving_keys AS
SELECT customer_key FROM moved_keys UNION SELECT customer_key FROM segment_changed_keys;

CREATE OR REPLACE TEMP TABLE serving_added AS
SELECT customer_key FROM segment_changed_keys EXCEPT SELECT customer_key FROM moved_keys;
