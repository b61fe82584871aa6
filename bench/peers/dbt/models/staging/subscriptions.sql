-- subscriptions: the curated subscriptions, latest version per subscription_record_id (sendtime: the subscriptions table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='subscription_record_id') }}
{{ curated_latest('subscriptions', 'subscription_record_id') }}
