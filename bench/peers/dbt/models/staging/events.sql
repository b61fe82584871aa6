-- events: the curated storefront_events, latest version per event_id (sendtime: the events table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='event_id') }}
{{ curated_latest('storefront_events', 'event_id') }}
