-- A CRM subscription read at send time is a consent statement, stated as the load states it
-- (sql/load/after/subscriptions.sql): the channel sendtime.consent.subscription-channels lists its type
-- under (else the type itself, never marketing email); its own time when the CRM says when the status was
-- set, else the record's update time, which never overrides an own time. Whose it is: the contact's
-- customer key, else the profile with the same address. A status the load would quarantine is read as
-- NOT_SPECIFIED here: it gives no consent and never lifts an unsubscribe.
INSERT INTO render_consent_statements
WITH r AS (
    SELECT record::JSON->>'id' AS record_id, record::JSON->>'contact_id' AS contact_id,
           lower(trim(record::JSON->>'email')) AS email, record::JSON->>'subscription_id' AS subscription_id,
           upper(trim(record::JSON->>'status')) AS status, trim(record::JSON->>'source') AS said_by,
           make_timestamp(CAST(record::JSON->>'status_at' AS BIGINT))::TIMESTAMPTZ AS status_at,
           make_timestamp(CAST(record::JSON->>'updated_at' AS BIGINT))::TIMESTAMPTZ AS updated_at
    FROM render_consent_records
    WHERE source = :source AND entity = 'subscriptions'
)
SELECT coalesce(c.customer_key, p.customer_key),
       coalesce(getvariable('subscription_channels')[r.subscription_id], r.subscription_id),
       CASE WHEN r.status IN ('SUBSCRIBED', 'UNSUBSCRIBED') THEN r.status ELSE 'NOT_SPECIFIED' END,
       'crm:' || coalesce(r.said_by, 'unknown'), r.record_id, coalesce(r.status_at, r.updated_at),
       r.status_at IS NOT NULL
FROM r
LEFT JOIN (SELECT contact_id, any_value(customer_key) AS customer_key FROM contacts GROUP BY contact_id) c
       USING (contact_id)
LEFT JOIN (SELECT email, any_value(customer_key) AS customer_key FROM profiles GROUP BY email) p USING (email)
WHERE coalesce(c.customer_key, p.customer_key) IS NOT NULL AND r.subscription_id IS NOT NULL
  AND coalesce(r.status_at, r.updated_at) IS NOT NULL;
