-- Every CRM subscription version is a consent statement (all versions in the new files, not only the
-- latest: the history per channel is built from them). Its time is its own when the CRM says when the
-- status was set; else the record's update time stands in, and never overrides an own time. The channel is
-- the one sendtime.consent.subscription-channels lists the subscription type under, else the type itself
-- (which is then never marketing email); a statement about all email (all_email: an opt-out of all email, a
-- bounce, a spam report; transform/SubscriptionCurator) is one about marketing email, whatever is configured.
INSERT INTO consent_statements (customer_key, channel, status, source, record_id, stated_at, own_time)
SELECT DISTINCT customer_key,
       CASE WHEN subscription_id = 'all_email' THEN 'marketing_email'
            ELSE coalesce(getvariable('subscription_channels')[subscription_id], subscription_id) END, status, 'crm:' || coalesce(source, 'unknown'),
       subscription_record_id, coalesce(status_at, updated_at), status_at IS NOT NULL
FROM read_parquet(getvariable('files_subscriptions'), union_by_name = true, hive_partitioning = false) v
WHERE customer_key IS NOT NULL AND NOT is_deleted
  AND NOT EXISTS (SELECT 1 FROM consent_statements s
                  WHERE s.record_id = v.subscription_record_id
                    AND s.stated_at = coalesce(v.status_at, v.updated_at) AND s.status = v.status);
