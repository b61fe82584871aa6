-- The columns a campaign's SQL filter may read: the features' (load/features.sql) and the audience's memberships.
SELECT column_name FROM (DESCRIBE SELECT * FROM profile_features_at(now()))
UNION ALL SELECT unnest(['segments', 'primary_segment'])
