-- What each touched customer bought (bought_products, warehouse V11): the distinct products of their valid orders, in
-- id order, for the customers with a profile (a full rebuild touches exactly those). A change to an order touches its
-- owner, before and after (touch.sql), so every other row stays right.
DELETE FROM bought_products WHERE customer_key IN (SELECT customer_key FROM touched_keys);

INSERT INTO bought_products
SELECT customer_key, list_sort(list(product_id))
FROM (SELECT DISTINCT oi.customer_key, oi.product_id
      FROM order_items oi SEMI JOIN touched_keys k USING (customer_key) SEMI JOIN profiles p USING (customer_key)
      SEMI JOIN orders o ON o.order_id = oi.order_id AND NOT o.is_cancelled AND NOT o.is_deleted
      WHERE oi.product_id IS NOT NULL)
GROUP BY customer_key;
