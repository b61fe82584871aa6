-- `bench render`: the sample commerce API's products feed (Shopify's REST shape, one product per line), made
-- from the benchmark warehouse's own products, so the render's price and stock refresh reads the same
-- catalogue over loopback as a real send reads from the shop. Every 20th product has sold out since the load
-- (inventory 0), so the refresh changes what recipients are recommended. No presentment prices: the synthetic
-- lake has none (other currencies go through exchange rates, as in the load).
COPY (
    SELECT p.product_id AS id, p.title, p.handle, p.product_type, p.vendor, p.tags, p.status,
           strftime(timezone('UTC', p.created_at), '%Y-%m-%dT%H:%M:%SZ') AS created_at,
           strftime(timezone('UTC', p.updated_at), '%Y-%m-%dT%H:%M:%SZ') AS updated_at,
           [{'id': v.variant_id, 'product_id': p.product_id, 'title': v.title, 'sku': v.sku,
             'price': format('{:.2f}', v.price_minor / 100.0), 'compare_at_price': NULL::VARCHAR,
             'inventory_quantity': CASE WHEN p.product_id % 20 = 0 THEN 0 ELSE v.inventory_quantity END,
             'updated_at': strftime(timezone('UTC', v.updated_at), '%Y-%m-%dT%H:%M:%SZ')}
            FOR v IN p.variants] AS variants
    FROM products p
    WHERE NOT p.is_deleted
    ORDER BY p.product_id
) TO :feed (FORMAT json);
