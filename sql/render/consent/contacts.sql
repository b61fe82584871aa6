-- A CRM contact read at send time that has opted out of all email states UNSUBSCRIBED for marketing_email, as
-- the load states it (sql/load/after/contacts.sql): as of the contact's update time; "false" states nothing.
-- Whose it is: the contact's customer key, else the profile with the same address.
INSERT INTO render_consent_statements
WITH r AS (
    SELECT record::JSON->>'id' AS contact_id, lower(trim(record::JSON->>'email')) AS email,
           lower(trim(record::JSON->>'email_optout')) AS optout,
           coalesce(CAST(record::JSON->>'archived' AS BOOLEAN), false) AS archived,
           make_timestamp(CAST(record::JSON->>'updated_at' AS BIGINT))::TIMESTAMPTZ AS updated_at
    FROM render_consent_records
    WHERE source = :source AND entity = 'contacts'
)
SELECT coalesce(c.customer_key, p.customer_key), 'marketing_email', 'UNSUBSCRIBED', 'crm:email_optout',
       'contact:' || r.contact_id, r.updated_at, true
FROM r
LEFT JOIN (SELECT contact_id, any_value(customer_key) AS customer_key FROM contacts GROUP BY contact_id) c
       USING (contact_id)
LEFT JOIN (SELECT email, any_value(customer_key) AS customer_key FROM profiles GROUP BY email) p USING (email)
WHERE coalesce(c.customer_key, p.customer_key) IS NOT NULL AND r.optout = 'true' AND NOT r.archived
  AND r.updated_at IS NOT NULL;
