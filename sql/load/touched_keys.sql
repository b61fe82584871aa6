CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT DISTINCT customer_key FROM touched WHERE customer_key IS NOT NULL;
