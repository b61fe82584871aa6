-- one row per line item of the changed orders
DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM delta_orders);

INSERT INTO order_items
SELECT order_id, line_no, customer_key, li.line_item_id, li.product_id, li.variant_id, li.sku, li.title,
       li.quantity, li.price_minor, li.price_minor * li.quantity, currency, created_at
FROM (SELECT order_id, customer_key, currency, created_at,
             unnest(line_items) AS li, generate_subscripts(line_items, 1) AS line_no
      FROM delta_orders);
