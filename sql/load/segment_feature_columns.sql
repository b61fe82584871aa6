-- The columns a segment rule may read: those of profile_features (features.sql).
SELECT column_name FROM (DESCRIBE SELECT * FROM profile_features_at(getvariable('as_of')))
