-- consent_statements: every consent statement the curated versions make (sql/load/after/contacts.sql,
-- customers.sql, subscriptions.sql), from every version in this invocation's files, not only the latest;
-- appended when not already stated (same record, time and status), like the after-hooks.
{{ config(materialized='incremental', incremental_strategy='append') }}
{%- set contacts = curated_files('contacts') -%}
{%- set customers = curated_files('customers') -%}
{%- set subscriptions = curated_files('subscriptions') -%}
{%- set channels = run_var('subscription_channels') -%}
with statements as (
    select NULL::VARCHAR AS customer_key, NULL::VARCHAR AS channel, NULL::VARCHAR AS status, NULL::VARCHAR AS source,
           NULL::VARCHAR AS record_id, NULL::TIMESTAMPTZ AS stated_at, NULL::BOOLEAN AS own_time
    where false
{%- if contacts | length > 0 %}
    union all
    select distinct customer_key, 'marketing_email', 'UNSUBSCRIBED', 'crm:email_optout', 'contact:' || contact_id,
           updated_at, true
    from {{ read_curated(contacts) }}
    where customer_key IS NOT NULL AND NOT is_deleted AND email_optout AND updated_at IS NOT NULL
{%- endif %}
{%- if customers | length > 0 %}
    union all
    select distinct customer_key, 'marketing_email', status,
           'commerce:' || coalesce(lower(email_marketing_opt_in_level), 'unknown'), 'customer:' || customer_id,
           stated_at, own_time
    from (select customer_key, customer_id, email_marketing_opt_in_level,
                 CASE upper(email_marketing_state) WHEN 'SUBSCRIBED' THEN 'SUBSCRIBED'
                                                   WHEN 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED'
                                                   ELSE 'NOT_SPECIFIED' END AS status,
                 coalesce(email_marketing_consent_updated_at, updated_at) AS stated_at,
                 email_marketing_consent_updated_at IS NOT NULL AS own_time
          from {{ read_curated(customers) }}
          where customer_key IS NOT NULL AND NOT is_deleted AND email_marketing_state IS NOT NULL)
{%- endif %}
{%- if subscriptions | length > 0 %}
    union all
    select distinct customer_key,
           CASE WHEN subscription_id = 'all_email' THEN 'marketing_email'
                ELSE coalesce({% if channels | length > 0 %}CASE subscription_id
                                {%- for type, channel in channels.items() %}
                                WHEN '{{ type | replace("'", "''") }}' THEN '{{ channel | replace("'", "''") }}'
                                {%- endfor %}
                                END{% else %}NULL{% endif %}, subscription_id) END,
           status, 'crm:' || coalesce(source, 'unknown'), subscription_record_id, coalesce(status_at, updated_at),
           status_at IS NOT NULL
    from {{ read_curated(subscriptions) }}
    where customer_key IS NOT NULL AND NOT is_deleted
{%- endif %}
)
select distinct * from statements v
{%- if is_incremental() %}
where not exists (select 1 from {{ this }} s
                  where s.record_id = v.record_id and s.stated_at = v.stated_at and s.status = v.status)
{%- endif %}
