-- Recommendations at render time, only among products in stock now, for the recipients (${eligible}:
-- without an excluded_reason; a preview takes anyone) ${first} to ${last} in render_audience (chunks bound DuckDB's memory): the up to 5 products
-- most often bought together with what they bought (each bought product's top 10 pairs,
-- product_top_pairs; scores summed; ties: lower id first), excluding what they already bought. The same
-- scoring as the customer_recommendations view, on the dense integer key n (the grouping is the cost).
INSERT INTO render_recs
WITH audience AS MATERIALIZED (
    SELECT customer_key, n FROM render_audience
    WHERE ${eligible} AND n BETWEEN ${first} AND ${last}
), bought AS MATERIALIZED (
    SELECT DISTINCT a.n, oi.product_id
    FROM order_items oi JOIN orders o USING (order_id) JOIN audience a ON a.customer_key = oi.customer_key
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL
), scored AS (
    SELECT b.n, pp.other_product_id AS product_id, sum(pp.orders_together) AS score
    FROM bought b JOIN product_top_pairs pp USING (product_id)
    ANTI JOIN bought x ON x.n = b.n AND x.product_id = pp.other_product_id
    GROUP BY b.n, pp.other_product_id
)
SELECT a.customer_key, t.product_ids
FROM (SELECT s.n, max_by(s.product_id, (s.score, -s.product_id), 5) AS product_ids
      FROM scored s SEMI JOIN render_products p ON p.product_id = s.product_id AND p.stock > 0
      GROUP BY s.n) t
JOIN audience a USING (n);
