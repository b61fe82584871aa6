-- email_events: the curated email_events, latest version per event_id (the synthetic lake has none; the table is
-- still there, typed as sendtime's V9 migration, for profiles and features to read)
{{ config(unique_key='event_id') }}
{{ curated_latest('email_events', 'event_id', empty="
select NULL::VARCHAR AS event_id, NULL::VARCHAR AS provider, NULL::VARCHAR AS kind, NULL::VARCHAR AS campaign,
       NULL::VARCHAR AS send_id, NULL::VARCHAR AS variant, NULL::VARCHAR AS customer_key,
       NULL::VARCHAR AS email_sha256, NULL::TIMESTAMPTZ AS occurred_at, NULL::BIGINT AS group_id,
       NULL::VARCHAR AS status, NULL::BOOLEAN AS is_deleted, NULL::VARCHAR AS _raw_run_id,
       NULL::TIMESTAMPTZ AS _extracted_at, NULL::TIMESTAMPTZ AS _source_updated_at, NULL::VARCHAR AS _transform_run_id,
       NULL::BIGINT AS _dbt_load_id
where false") }}
