-- Every profile's monetary decile now (features.sql's monetary_deciles), into serving_deciles: published beside each
-- row (json.sql) and compared with the published one (candidates.sql).
CREATE OR REPLACE TEMP TABLE serving_deciles AS SELECT * FROM monetary_deciles();
