-- sendtime warehouse, version 11: what each customer bought, kept by the load instead of computed by every render.
--  * bought_products: per customer, the distinct products of their valid orders (neither cancelled nor deleted), in
--    id order: the bought_ids of the template context, which the render's recommendations start from and the
--    profiles snapshot publishes. The load recomputes the customers it touched (sql/load/bought.sql); an erasure
--    deletes the person's row like any other (customer_key).
CREATE TABLE bought_products (customer_key VARCHAR NOT NULL, product_ids BIGINT[] NOT NULL);

-- what the render computed, for a warehouse loaded before this version
INSERT INTO bought_products
SELECT customer_key, list_sort(list(product_id))
FROM (SELECT DISTINCT oi.customer_key, oi.product_id
      FROM order_items oi SEMI JOIN orders o ON o.order_id = oi.order_id AND NOT o.is_cancelled AND NOT o.is_deleted
      WHERE oi.product_id IS NOT NULL AND oi.customer_key IS NOT NULL)
GROUP BY customer_key;
