-- Products bought together, for the renderer's in-memory recommendations (Recommender).
SELECT product_id, other_product_id, orders_together FROM product_top_pairs
