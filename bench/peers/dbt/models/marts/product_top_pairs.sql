-- product_top_pairs: the table of the same name the load keeps (warehouse V10), over the dbt models.
{{ config(materialized='table') }}
SELECT * FROM {{ ref('product_pairs') }}
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY orders_together DESC, other_product_id) <= 10
