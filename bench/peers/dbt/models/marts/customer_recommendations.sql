-- customer_recommendations: the view of the same name in sql/load/features.sql, over the dbt models.
{{ config(materialized='view') }}
WITH bought AS (
    SELECT DISTINCT oi.customer_key, oi.product_id
    FROM {{ ref('order_items') }} oi JOIN {{ ref('orders') }} o USING (order_id)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.customer_key IS NOT NULL AND oi.product_id IS NOT NULL
), scored AS (
    SELECT b.customer_key, pp.other_product_id AS product_id, sum(pp.orders_together) AS score
    FROM bought b JOIN {{ ref('product_top_pairs') }} pp USING (product_id)
    WHERE NOT EXISTS (SELECT 1 FROM bought x
                      WHERE x.customer_key = b.customer_key AND x.product_id = pp.other_product_id)
    GROUP BY b.customer_key, pp.other_product_id
)
SELECT s.customer_key, s.product_id, s.score,
       row_number() OVER (PARTITION BY s.customer_key ORDER BY s.score DESC, s.product_id) AS rank
FROM scored s JOIN {{ ref('products') }} p ON p.product_id = s.product_id AND NOT p.is_deleted
QUALIFY rank <= 5
