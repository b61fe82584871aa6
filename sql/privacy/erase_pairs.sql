-- Before an erasure deletes the person's rows: the orders it will delete (every identifying column orders and
-- order_items have, as delete_by.sql matches them against erase_ids) and the product pairs they contribute, so that
-- sql/load/pairs.sql takes them out of product_pairs afterwards.
CREATE OR REPLACE TEMP TABLE pairs_orders AS
SELECT order_id FROM orders
WHERE customer_key IN (SELECT value FROM erase_ids WHERE kind = 'customer_key')
   OR CAST(customer_id AS VARCHAR) IN (SELECT value FROM erase_ids WHERE kind = 'commerce')
   OR email_sha256 IN (SELECT value FROM erase_ids WHERE kind = 'email_sha256')
UNION
SELECT order_id FROM order_items WHERE customer_key IN (SELECT value FROM erase_ids WHERE kind = 'customer_key');
CREATE OR REPLACE TEMP TABLE pairs_before AS SELECT * FROM order_product_pairs('pairs_orders');
