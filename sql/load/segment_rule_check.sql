-- One segment rule alone, on no rows: a rule that does not bind fails here, naming its segment.
SELECT (${rule})::BOOLEAN FROM profile_features_at(getvariable('as_of')) LIMIT 0
