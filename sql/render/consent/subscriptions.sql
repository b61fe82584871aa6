-- A CRM subscription change read at send time is a consent statement, stated as the transform and the load
-- state it (transform/SubscriptionCurator, sql/load/after/subscriptions.sql): a subscription type's status for
-- the channel sendtime.consent.subscription-channels lists the type under (else the type itself, never marketing
-- email); an opt-out of all email, a bounce or a spam report (HubSpot's PORTAL_STATUS, PORTAL_BOUNCE,
-- PORTAL_SPAM_REPORT) UNSUBSCRIBED from marketing email, an opt-in to all email NOT_SPECIFIED. Its own time when
-- the CRM says when the status was set, else the record's update time, which never overrides an own time. Whose
-- it is: the contact's customer key, else the profile with the same address. A status or change the transform
-- would quarantine is read as NOT_SPECIFIED here: it gives no consent and never lifts an unsubscribe.
INSERT INTO render_consent_statements
WITH raw AS (
    SELECT record::JSON->>'contact_id' AS contact_id, lower(trim(record::JSON->>'email')) AS email,
           upper(trim(coalesce(record::JSON->>'change_type', 'SUBSCRIPTION_STATUS'))) AS change_type,
           record::JSON->>'subscription_id' AS subscription_id,
           upper(trim(record::JSON->>'status')) AS change, trim(record::JSON->>'source') AS said_by,
           make_timestamp(CAST(record::JSON->>'status_at' AS BIGINT))::TIMESTAMPTZ AS status_at,
           make_timestamp(CAST(record::JSON->>'updated_at' AS BIGINT))::TIMESTAMPTZ AS updated_at
    FROM render_consent_records
    WHERE source = :source AND entity = 'subscriptions'
), r AS (
    SELECT contact_id, email, said_by, status_at, updated_at,
           CASE WHEN change_type = 'SUBSCRIPTION_STATUS' THEN subscription_id ELSE 'all_email' END AS subscription_id,
           CASE WHEN change_type = 'SUBSCRIPTION_STATUS' AND change IN ('SUBSCRIBED', 'UNSUBSCRIBED') THEN change
                WHEN change_type = 'PORTAL_STATUS' AND change = 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED'
                WHEN change_type IN ('PORTAL_BOUNCE', 'PORTAL_SPAM_REPORT') THEN 'UNSUBSCRIBED'
                ELSE 'NOT_SPECIFIED' END AS status,
           coalesce(contact_id, sha256(email)) || ':'
               || CASE WHEN change_type = 'SUBSCRIPTION_STATUS' THEN subscription_id ELSE 'all_email' END AS record_id
    FROM raw
)
SELECT coalesce(c.customer_key, p.customer_key),
       CASE WHEN r.subscription_id = 'all_email' THEN 'marketing_email'
            ELSE coalesce(getvariable('subscription_channels')[r.subscription_id], r.subscription_id) END,
       r.status,
       'crm:' || coalesce(r.said_by, 'unknown'), r.record_id, coalesce(r.status_at, r.updated_at),
       r.status_at IS NOT NULL
FROM r
LEFT JOIN (SELECT contact_id, any_value(customer_key) AS customer_key FROM contacts GROUP BY contact_id) c
       USING (contact_id)
LEFT JOIN (SELECT email, any_value(customer_key) AS customer_key FROM profiles GROUP BY email) p USING (email)
WHERE coalesce(c.customer_key, p.customer_key) IS NOT NULL AND r.subscription_id IS NOT NULL
  AND coalesce(r.status_at, r.updated_at) IS NOT NULL;
