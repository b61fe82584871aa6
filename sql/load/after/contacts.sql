-- A CRM contact that has opted out of all email (hs_email_optout = true) states UNSUBSCRIBED for marketing_email,
-- as of the contact version's update time: each version that still says so states it again, so the opt-out holds
-- until the contact no longer says so and a newer explicit opt-in comes (the conflict rule,
-- sql/consent/history.sql). Read the safe way only: "false" states nothing (it is not consent). The time counts as
-- the statement's own: the property held that value when the record was updated.
INSERT INTO consent_statements (customer_key, channel, status, source, record_id, stated_at, own_time)
SELECT DISTINCT customer_key, 'marketing_email', 'UNSUBSCRIBED', 'crm:email_optout', 'contact:' || contact_id,
       updated_at, true
FROM read_parquet(getvariable('files_contacts'), union_by_name = true, hive_partitioning = false) v
WHERE customer_key IS NOT NULL AND NOT is_deleted AND email_optout AND updated_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM consent_statements s
                  WHERE s.record_id = 'contact:' || v.contact_id AND s.stated_at = v.updated_at
                    AND s.status = 'UNSUBSCRIBED');
