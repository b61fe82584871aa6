-- A product moved to another category changes the spend and view categories of everyone who bought
-- or viewed it (product views: no other storefront event counts toward categories): their profiles are recomputed too.
INSERT INTO touched
SELECT DISTINCT oi.customer_key
FROM order_items oi
JOIN products p ON p.product_id = oi.product_id
JOIN delta_products d ON d.product_id = p.product_id
WHERE d.category IS DISTINCT FROM p.category AND oi.customer_key IS NOT NULL
UNION
SELECT DISTINCT e.customer_key
FROM events e
JOIN products p ON p.product_id = e.product_id
JOIN delta_products d ON d.product_id = p.product_id
WHERE e.type = 'product_viewed' AND d.category IS DISTINCT FROM p.category AND e.customer_key IS NOT NULL;
