-- What each recipient (${eligible}: without an excluded_reason; a preview takes anyone) bought: the
-- distinct products of their valid orders. The renderer's Recommender scores recommendations from these
-- and product_top_pairs in memory; RecipientSelection runs this only when a template reads $recommendations.
INSERT INTO render_bought
SELECT oi.customer_key, list(DISTINCT oi.product_id) AS product_ids
FROM order_items oi JOIN orders o USING (order_id)
SEMI JOIN render_audience a ON a.customer_key = oi.customer_key AND ${eligible}
WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL
GROUP BY oi.customer_key;
