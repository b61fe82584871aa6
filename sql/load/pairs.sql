-- Keeps product_pairs and product_top_pairs (warehouse V10) equal to a count over every valid order, after the
-- orders in pairs_orders changed: pairs_before holds what they contributed before the change (sql/load/before/
-- orders.sql; an erasure: sql/privacy/erase_pairs.sql), order_product_pairs what they contribute now. The
-- difference is added to each pair's count (a pair no order has any more is removed), and the top 10 are recomputed
-- for the products whose pairs changed (a product's top pairs depend on its own pairs only).
CREATE OR REPLACE TEMP TABLE pairs_change AS
SELECT product_id, other_product_id, sum(n) AS n
FROM (SELECT product_id, other_product_id, orders_together AS n FROM order_product_pairs('pairs_orders')
      UNION ALL
      SELECT product_id, other_product_id, -orders_together FROM pairs_before)
GROUP BY product_id, other_product_id
HAVING sum(n) <> 0;

CREATE OR REPLACE TEMP TABLE pairs_counts AS
SELECT c.product_id, c.other_product_id, coalesce(p.orders_together, 0) + c.n AS orders_together
FROM pairs_change c LEFT JOIN product_pairs p USING (product_id, other_product_id);

DELETE FROM product_pairs p USING pairs_change c
WHERE p.product_id = c.product_id AND p.other_product_id = c.other_product_id;

INSERT INTO product_pairs SELECT * FROM pairs_counts WHERE orders_together > 0;

CREATE OR REPLACE TEMP TABLE pairs_products AS SELECT DISTINCT product_id FROM pairs_change;

DELETE FROM product_top_pairs WHERE product_id IN (SELECT product_id FROM pairs_products);

INSERT INTO product_top_pairs
SELECT product_id, other_product_id, orders_together
FROM product_pairs SEMI JOIN pairs_products USING (product_id)
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY orders_together DESC, other_product_id) <= 10;

DROP TABLE pairs_change;
DROP TABLE pairs_counts;
DROP TABLE pairs_products;
DROP TABLE pairs_before;
DROP TABLE pairs_orders;
