-- orders: the curated orders, latest version per order_id (sendtime: the orders table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='order_id') }}
{{ curated_latest('orders', 'order_id') }}
