-- A campaign's SQL filter as DuckDB parses it (:select is SELECT and the filter), as JSON, for the columns it reads
-- (render/FeatureParts.java). Parsing only: nothing in it runs.
SELECT json_serialize_sql(:select)
