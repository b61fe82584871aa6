-- render_recipients: one row per recipient (${eligible}: without an excluded_reason; a preview takes
-- anyone) with the key, the email and the template context of templates/README.md as one JSON object:
-- built here by DuckDB on all cores, parsed by the render threads (RecipientRows), so the single JDBC
-- reading thread moves three values a row. In the context, product lists are ids (last_viewed_ids,
-- bought_ids): the renderer resolves them against render_products, read once, and scores the
-- recommendations from bought_ids (Recommender); instants (*_at) are epoch microseconds.
CREATE OR REPLACE TEMP TABLE render_recipients AS
SELECT a.customer_key, a.email, to_json({
         'customer_key': a.customer_key, 'email': a.email, 'first_name': a.first_name, 'last_name': a.last_name,
         'country': a.country, 'language': a.language, 'currency': a.currency,
         'orders_count': a.orders_count, 'lifetime_value_minor': a.lifetime_value_minor,
         'last_order_at': epoch_us(a.last_order_at), 'days_since_last_order': a.days_since_last_order,
         'top_categories': a.top_categories_by_spend, 'top_categories_by_views': a.top_categories_by_views,
         'cart_items': coalesce(list_transform(a.cart_items, lambda i: {'product_id': i.product_id, 'title': i.title,
                       'quantity': i.quantity, 'price_minor': i.price_minor, 'currency': a.cart_currency}), []),
         'cart_value_minor': a.cart_value_minor, 'cart_currency': a.cart_currency,
         'last_viewed_ids': a.last_viewed_products, 'bought_ids': coalesce(b.product_ids, []::BIGINT[]),
         'segments': a.segments, 'primary_segment': a.primary_segment, 'engagement_score': a.engagement_score
       })::VARCHAR AS context
FROM render_audience a LEFT JOIN render_bought b USING (customer_key)
WHERE ${eligible};
