-- The reference reads the profiles it just computed (profiles.sql's new_profiles) where the load reads its table.
CREATE OR REPLACE TEMP VIEW profiles AS SELECT * FROM new_profiles;
