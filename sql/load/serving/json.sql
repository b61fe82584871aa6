-- The rows to write (serving_changed) as JSON, into serving_json:
--   profile   what GET /v1/profiles/<id> answers (every column of serving_profiles but bought_ids)
--   context   the template context of templates/README.md: ${template_context} is render/template_context.sql, the
--             render's own expression, reading the aliases a (the profile) and b (product_ids: what they bought)
-- and, beside them, the profile's monetary decile (deciles.sql), what the next load compares to find moved deciles
CREATE OR REPLACE TEMP TABLE serving_json AS
SELECT a.customer_key, a.email_sha256, h.row_hash, d.monetary_decile, to_json(a)::VARCHAR AS profile,
       ${template_context} AS context
FROM (SELECT p.* EXCLUDE (bought_ids) FROM serving_profiles p SEMI JOIN serving_changed USING (customer_key)) a
JOIN (SELECT customer_key, bought_ids AS product_ids FROM serving_profiles
      SEMI JOIN serving_changed USING (customer_key)) b USING (customer_key)
JOIN serving_hashes h USING (customer_key)
LEFT JOIN serving_deciles d USING (customer_key);
