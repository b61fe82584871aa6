-- checkouts: the curated checkouts, latest version per checkout_id (sendtime: the checkouts table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='checkout_id') }}
{{ curated_latest('checkouts', 'checkout_id') }}
