-- What each recipient (${eligible}: without an excluded_reason; a preview takes anyone) bought: the distinct products
-- of their valid orders, as the load keeps them (bought_products). The renderer's Recommender scores recommendations
-- from these and product_top_pairs in memory; RecipientSelection runs this only when a template reads $recommendations.
INSERT INTO render_bought
SELECT b.customer_key, b.product_ids
FROM bought_products b SEMI JOIN render_audience a ON a.customer_key = b.customer_key AND ${eligible};
