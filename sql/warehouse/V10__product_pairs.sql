-- sendtime warehouse, version 10: "bought together" kept by the load instead of computed by every render.
--  * product_pairs: for each two products, how many valid orders (neither cancelled nor deleted) contain both, both
--    directions. The load keeps it up to date from the orders it merges (sql/load/pairs.sql: what the changed orders
--    contributed before is taken away, what they contribute now added) and an erasure takes the person's orders away;
--    equal to a count over all orders (IncrementalEqualsRebuildTest).
--  * product_top_pairs: per product, the 10 products most often bought together with it (ties: lower id first), what
--    the render's recommendations read; recomputed by the load for the products whose pairs changed. Both were views
--    before, computed over every order item by each render that read them.
--  * order_product_pairs(order_rows): the pairs of the valid orders whose ids the relation named order_rows holds
--    (column order_id), as the tables are now.
DROP VIEW IF EXISTS product_top_pairs;
DROP VIEW IF EXISTS product_pairs;

CREATE MACRO order_product_pairs(order_rows) AS TABLE
WITH items AS (
    SELECT DISTINCT oi.order_id, oi.product_id
    FROM order_items oi SEMI JOIN query_table(order_rows) r ON r.order_id = oi.order_id
    JOIN orders o ON o.order_id = oi.order_id
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL
)
SELECT a.product_id, b.product_id AS other_product_id, count(*) AS orders_together
FROM items a JOIN items b ON a.order_id = b.order_id AND a.product_id <> b.product_id
GROUP BY a.product_id, b.product_id;

CREATE TABLE product_pairs (product_id BIGINT NOT NULL, other_product_id BIGINT NOT NULL, orders_together BIGINT NOT NULL);
CREATE TABLE product_top_pairs (product_id BIGINT NOT NULL, other_product_id BIGINT NOT NULL,
                                orders_together BIGINT NOT NULL);

-- what the views showed, for a warehouse loaded before this version
CREATE TEMP TABLE pairs_orders AS SELECT order_id FROM orders;
INSERT INTO product_pairs SELECT * FROM order_product_pairs('pairs_orders');
DROP TABLE pairs_orders;
INSERT INTO product_top_pairs
SELECT * FROM product_pairs
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY orders_together DESC, other_product_id) <= 10;
