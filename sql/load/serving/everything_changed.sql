-- A new base: every profile is written.
CREATE OR REPLACE TEMP TABLE serving_changed AS SELECT customer_key FROM serving_hashes;
