-- bought_products: the table of the same name the load keeps (warehouse V11, sql/load/bought.sql), over the dbt models.
{{ config(materialized='table') }}
SELECT customer_key, list_sort(list(product_id)) AS product_ids
FROM (SELECT DISTINCT oi.customer_key, oi.product_id
      FROM {{ ref('order_items') }} oi SEMI JOIN {{ ref('profiles') }} p USING (customer_key)
      SEMI JOIN {{ ref('orders') }} o ON o.order_id = oi.order_id AND NOT o.is_cancelled AND NOT o.is_deleted
      WHERE oi.product_id IS NOT NULL)
GROUP BY customer_key
