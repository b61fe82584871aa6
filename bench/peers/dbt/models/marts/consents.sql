-- consents: the consent history per customer and channel that the statements amount to, by the one conflict rule
-- (sql/consent/history.sql over sql/load/consent_input.sql; stored like sql/load/consents.sql).
with consent_input as (
    select customer_key, channel, status, source, record_id, stated_at, own_time
    from {{ ref('consent_statements') }} semi join {{ ref('touched_keys') }} using (customer_key)
), statements AS (
    SELECT * FROM consent_input
    QUALIFY row_number() OVER (PARTITION BY customer_key, channel, stated_at
                               ORDER BY CASE status WHEN 'UNSUBSCRIBED' THEN 0 WHEN 'SUBSCRIBED' THEN 1 ELSE 2 END,
                                        own_time DESC, source, record_id) = 1
), counted AS (
    SELECT * FROM statements
    QUALIFY own_time
         OR NOT coalesce(bool_or(own_time) OVER (PARTITION BY customer_key, channel ORDER BY stated_at
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false)
), effective AS (
    SELECT *,
           CASE WHEN status = 'NOT_SPECIFIED'
                 AND last_value(CASE WHEN status <> 'NOT_SPECIFIED' THEN status END IGNORE NULLS)
                         OVER (PARTITION BY customer_key, channel ORDER BY stated_at
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) = 'UNSUBSCRIBED'
                THEN 'UNSUBSCRIBED' ELSE status END AS effective_status
    FROM counted
), changes AS (
    SELECT * FROM effective
    QUALIFY lag(effective_status) OVER (PARTITION BY customer_key, channel ORDER BY stated_at)
            IS DISTINCT FROM effective_status
)
SELECT customer_key, channel, effective_status AS status, source, stated_at AS valid_from,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) AS valid_to,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) IS NULL AS is_current
FROM changes
