-- product_pairs: the table of the same name the load keeps (warehouse V10, sql/load/pairs.sql), over the dbt models.
{{ config(materialized='table') }}
WITH items AS (
    SELECT DISTINCT oi.order_id, oi.product_id
    FROM {{ ref('order_items') }} oi JOIN {{ ref('orders') }} o USING (order_id)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.product_id IS NOT NULL
)
SELECT a.product_id, b.product_id AS other_product_id, count(*) AS orders_together
FROM items a JOIN items b ON a.order_id = b.order_id AND a.product_id <> b.product_id
GROUP BY a.product_id, b.product_id
