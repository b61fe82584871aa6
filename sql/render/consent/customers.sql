-- A shop customer read at send time states their email marketing consent, as the load states it
-- (sql/load/after/customers.sql): subscribed, unsubscribed, else NOT_SPECIFIED (never asked, pending);
-- its own time when the shop says when consent was updated, else the customer's update time, which never
-- overrides an own time. Whose it is: the customer's key, else the profile with the same address.
-- A deleted customer states nothing.
INSERT INTO render_consent_statements
WITH r AS (
    SELECT record::JSON->>'id' AS customer_id, lower(trim(record::JSON->>'email')) AS email,
           upper(trim(record::JSON->>'email_marketing_state')) AS state,
           lower(trim(record::JSON->>'email_marketing_opt_in_level')) AS opt_in_level,
           make_timestamp(CAST(record::JSON->>'email_marketing_consent_updated_at' AS BIGINT))::TIMESTAMPTZ AS consent_at,
           make_timestamp(CAST(record::JSON->>'updated_at' AS BIGINT))::TIMESTAMPTZ AS updated_at,
           record::JSON->>'deleted_at' IS NOT NULL AND record::JSON->>'deleted_at' <> 'null' AS deleted
    FROM render_consent_records
    WHERE source = :source AND entity = 'customers'
)
SELECT coalesce(c.customer_key, p.customer_key), 'marketing_email',
       CASE r.state WHEN 'SUBSCRIBED' THEN 'SUBSCRIBED' WHEN 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED' ELSE 'NOT_SPECIFIED' END,
       'commerce:' || coalesce(r.opt_in_level, 'unknown'), 'customer:' || r.customer_id,
       coalesce(r.consent_at, r.updated_at), r.consent_at IS NOT NULL
FROM r
LEFT JOIN (SELECT customer_id::VARCHAR AS customer_id, any_value(customer_key) AS customer_key
           FROM customers GROUP BY customer_id) c USING (customer_id)
LEFT JOIN (SELECT email, any_value(customer_key) AS customer_key FROM profiles GROUP BY email) p USING (email)
WHERE coalesce(c.customer_key, p.customer_key) IS NOT NULL AND r.state IS NOT NULL AND NOT r.deleted
  AND coalesce(r.consent_at, r.updated_at) IS NOT NULL;
