-- The orders this merge changes (delta_orders; a full rebuild: all of them, into emptied tables) and the product
-- pairs they contributed before it, for sql/load/pairs.sql.
CREATE OR REPLACE TEMP TABLE pairs_orders AS SELECT order_id FROM delta_orders;
CREATE OR REPLACE TEMP TABLE pairs_before AS SELECT * FROM order_product_pairs('pairs_orders');
