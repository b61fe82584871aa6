-- render_recipients: one row per eligible recipient (${eligible}: no excluded_reason; a preview takes anyone), the context values of templates/README.md, in the
-- forms cheapest to read over JDBC (RecipientRows turns them into context values): lists as text
-- joined by the unit separator chr(31) (*_list; *_ids for product ids, which the renderer looks up in
-- render_products, read once, so a product's details are not copied into every row; bought_ids become
-- the recommendations), cart items (their
-- own titles, quantities and prices) as JSON, instants as epoch microseconds.
CREATE OR REPLACE TEMP TABLE render_recipients AS
SELECT a.customer_key, a.email, a.first_name, a.last_name, a.country, a.language, a.currency,
       a.orders_count, a.lifetime_value_minor, epoch_us(a.last_order_at) AS last_order_at, a.days_since_last_order,
       array_to_string(a.top_categories_by_spend, chr(31)) AS top_categories_list,
       array_to_string(a.top_categories_by_views, chr(31)) AS top_categories_by_views_list,
       CASE WHEN len(a.cart_items) > 0
            THEN to_json(list_transform(a.cart_items, lambda i: {'product_id': i.product_id, 'title': i.title,
                 'quantity': i.quantity, 'price_minor': i.price_minor, 'currency': a.cart_currency})) END AS cart_items,
       a.cart_value_minor, a.cart_currency,
       array_to_string(a.last_viewed_products, chr(31)) AS last_viewed_ids,
       array_to_string(b.product_ids, chr(31)) AS bought_ids,
       array_to_string(a.segments, chr(31)) AS segments_list, a.primary_segment, a.engagement_score
FROM render_audience a LEFT JOIN render_bought b USING (customer_key)
WHERE ${eligible};
