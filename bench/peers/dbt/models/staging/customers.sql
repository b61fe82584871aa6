-- customers: the curated customers, latest version per customer_id (sendtime: the customers table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='customer_id') }}
{{ curated_latest('customers', 'customer_id') }}
