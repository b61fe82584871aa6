-- The shop's email marketing state is a statement about the marketing_email channel
-- (Shopify: subscribed, unsubscribed, not_subscribed = never asked, pending = double opt-in not done).
-- Its time is its own when the shop says when consent was updated (consent_updated_at); else the customer's
-- update time stands in, and never overrides an own time.
INSERT INTO consent_statements (customer_key, channel, status, source, record_id, stated_at, own_time)
SELECT DISTINCT customer_key, 'marketing_email', status, 'commerce:' || coalesce(lower(email_marketing_opt_in_level), 'unknown'),
       'customer:' || customer_id, stated_at, own_time
FROM (SELECT customer_key, customer_id, email_marketing_opt_in_level,
             CASE upper(email_marketing_state) WHEN 'SUBSCRIBED' THEN 'SUBSCRIBED'
                                               WHEN 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED'
                                               ELSE 'NOT_SPECIFIED' END AS status,
             coalesce(email_marketing_consent_updated_at, updated_at) AS stated_at,
             email_marketing_consent_updated_at IS NOT NULL AS own_time
      FROM read_parquet(getvariable('files_customers'), union_by_name = true, hive_partitioning = false)
      WHERE customer_key IS NOT NULL AND NOT is_deleted AND email_marketing_state IS NOT NULL) v
WHERE NOT EXISTS (SELECT 1 FROM consent_statements s
                  WHERE s.record_id = 'customer:' || v.customer_id AND s.stated_at = v.stated_at
                    AND s.status = v.status);
