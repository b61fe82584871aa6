-- Whether the warehouse's features macro takes the parts (load/features.sql's with_views, ...): a warehouse last
-- loaded by a version before them has the macro without, until its next load; the audience then computes every part.
SELECT count(*) > 0 FROM duckdb_functions()
WHERE function_name = 'profile_features_at' AND database_name = current_database()
  AND list_contains(parameters, 'with_views')
