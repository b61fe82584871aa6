SELECT r.rank, r.product_id, p.title, r.score, p.stock FROM customer_recommendations r
JOIN products p USING (product_id) WHERE r.customer_key = :k ORDER BY r.rank
