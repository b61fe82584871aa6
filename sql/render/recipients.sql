-- render_recipients, a view (computed as the renderer reads it, not kept beside render_audience): one row per
-- recipient (${eligible}: without an excluded_reason; a preview takes anyone) with the key, the email and the
-- template context of templates/README.md as one JSON object:
-- built here by DuckDB on all cores, parsed by the render threads (RecipientRows), so the single JDBC
-- reading thread moves three values a row. In the context, product lists are ids (last_viewed_ids,
-- bought_ids): the renderer resolves them against render_products, read once, and scores the
-- recommendations from bought_ids (Recommender); instants (*_at) are epoch microseconds. The context's
-- expression is render/template_context.sql, shared with the profiles snapshot the load publishes.
CREATE OR REPLACE TEMP VIEW render_recipients AS
SELECT a.customer_key, a.email, ${template_context} AS context
FROM render_audience a LEFT JOIN render_bought b USING (customer_key)
WHERE ${eligible};
