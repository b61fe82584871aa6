-- One row per eligible recipient, the context values of templates/README.md; lists as JSON.
SELECT a.customer_key, a.email, a.first_name, a.last_name, a.country, a.language, a.currency,
       a.orders_count, a.lifetime_value_minor, a.last_order_at, a.days_since_last_order,
       to_json(a.top_categories_by_spend) AS top_categories,
       to_json(a.top_categories_by_views) AS top_categories_by_views,
       to_json(coalesce((SELECT list({'product_id': i.product_id, 'title': i.title, 'quantity': i.quantity,
                                      'price_minor': i.price_minor, 'currency': a.cart_currency})
                         FROM (SELECT unnest(a.cart_items) AS i)), [])) AS cart_items,
       a.cart_value_minor, a.cart_currency,
       to_json(coalesce((SELECT list({'product_id': p.product_id, 'title': p.title, 'price_minor': p.price_minor,
                                      'currency': p.currency, 'in_stock': p.stock > 0} ORDER BY v.n)
                         FROM (SELECT unnest(a.last_viewed_products) AS id, generate_subscripts(a.last_viewed_products, 1) AS n) v
                         JOIN render_products p ON p.product_id = v.id), [])) AS last_viewed,
       to_json(coalesce(r.items, [])) AS recommendations,
       to_json(a.segments) AS segments, a.primary_segment, a.engagement_score
FROM render_audience a LEFT JOIN render_recs r USING (customer_key)
WHERE a.excluded_reason IS NULL
