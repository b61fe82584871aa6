-- How many profiles the reference computed (profiles.sql's new_profiles).
SELECT count(*) FROM new_profiles
