-- product_top_pairs: the view of the same name in sql/load/features.sql, over the dbt models.
{{ config(materialized='view') }}
SELECT * FROM {{ ref('product_pairs') }}
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY orders_together DESC, other_product_id) <= 10
