-- What the render's recommendations start from, as the load keeps it: "bought together" (product_pairs and
-- product_top_pairs, warehouse V10) and what each customer bought (bought_products, V11), computed once over every
-- valid order, as an analyst would.
CREATE TEMP TABLE product_pairs AS
WITH items AS (
    SELECT DISTINCT oi.order_id, oi.product_id
    FROM order_items oi JOIN orders o USING (order_id)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL
)
SELECT a.product_id, b.product_id AS other_product_id, count(*) AS orders_together
FROM items a JOIN items b ON a.order_id = b.order_id AND a.product_id <> b.product_id
GROUP BY a.product_id, b.product_id;

CREATE TEMP TABLE product_top_pairs AS
SELECT * FROM product_pairs
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY orders_together DESC, other_product_id) <= 10;

CREATE TEMP TABLE bought_products AS
SELECT customer_key, list_sort(list(product_id)) AS product_ids
FROM (SELECT DISTINCT oi.customer_key, oi.product_id
      FROM order_items oi SEMI JOIN profiles p USING (customer_key)
      SEMI JOIN orders o ON o.order_id = oi.order_id AND NOT o.is_cancelled AND NOT o.is_deleted
      WHERE oi.product_id IS NOT NULL)
GROUP BY customer_key;
