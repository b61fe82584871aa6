-- A full rebuild starts from empty tables (the entity tables are cleared by clear_table.sql) and
-- recomputes everyone who has a profile now (closed, if the lake no longer has them).
DELETE FROM order_items;
DELETE FROM product_pairs;
DELETE FROM product_top_pairs;
DELETE FROM bought_products;
DELETE FROM consent_statements;
DELETE FROM loaded_manifests;
DELETE FROM source_windows;
INSERT INTO touched
SELECT customer_key FROM profiles
UNION
SELECT customer_key FROM profile_snapshots WHERE is_current;
