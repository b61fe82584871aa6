-- order_items: one row per line item of the orders this invocation changed (sql/load/after/orders.sql): the
-- orders rows written by this run (_dbt_load_id) replace their order's items (delete+insert on order_id).
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='order_id') }}
select order_id, line_no::INTEGER AS line_no, customer_key, li.line_item_id::BIGINT AS line_item_id,
       li.product_id::BIGINT AS product_id, li.variant_id::BIGINT AS variant_id, li.sku::VARCHAR AS sku,
       li.title::VARCHAR AS title, li.quantity::INTEGER AS quantity, li.price_minor::BIGINT AS price_minor,
       (li.price_minor * li.quantity)::BIGINT AS line_total_minor, currency, created_at AS ordered_at
from (select order_id, customer_key, currency, created_at,
             unnest(line_items) AS li, generate_subscripts(line_items, 1) AS line_no
      from {{ ref('orders') }}
      {% if is_incremental() %}where _dbt_load_id = {{ run_var('load_id') }}{% endif %})
