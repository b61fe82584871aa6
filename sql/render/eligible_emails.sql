-- The addresses of the recipients a send would reach, checked against the suppression list by the renderer
-- (keyed hashes: the list is not in DuckDB).
SELECT customer_key, email FROM render_audience WHERE excluded_reason IS NULL AND email IS NOT NULL
