-- A campaign's SQL filter (:filter) as DuckDB parses it, as a SELECT of it, in JSON: for the columns it reads
-- (render/FeatureParts.java). Parsing only: nothing in it runs.
SELECT json_serialize_sql('SELECT ' || :filter)
