-- What a load reports about the profiles, in load_log.counts (one column per count, in this order).
SELECT
    (SELECT count(*) FROM touched_keys) AS profiles_touched,
    (SELECT count(*) FROM profile_snapshots WHERE snapshot_version = getvariable('load_id')) AS profile_versions_added,
    (SELECT count(*) FROM profile_snapshots
     WHERE closed_by = 'deleted' AND valid_to = getvariable('as_of')) AS profiles_deleted,
    (SELECT count(*) FROM profiles) AS profiles,
    (SELECT count(*) FROM orders o
     WHERE o.customer_key IS NULL
        OR NOT EXISTS (SELECT 1 FROM profiles p WHERE p.customer_key = o.customer_key)) AS orders_without_profile,
    (SELECT count(*) FROM orders o JOIN profiles p USING (customer_key)
     WHERE NOT o.is_cancelled AND NOT o.is_deleted AND o.currency IS DISTINCT FROM p.currency) AS orders_other_currency,
    -- of those, the ones no exchange rate of their day converts: left out of money features
    (SELECT count(*) FROM orders o JOIN profiles p USING (customer_key)
     WHERE NOT o.is_cancelled AND NOT o.is_deleted AND o.currency IS DISTINCT FROM p.currency
       AND NOT (EXISTS (SELECT 1 FROM money_rates r WHERE r.currency = o.currency
                        AND r.rate_date <= (o.created_at AT TIME ZONE 'UTC')::DATE)
                AND EXISTS (SELECT 1 FROM money_rates r WHERE r.currency = p.currency
                            AND r.rate_date <= (o.created_at AT TIME ZONE 'UTC')::DATE))) AS orders_without_rate,
    (SELECT count(*) FROM events WHERE customer_key IS NULL) AS events_anonymous,
    -- email events that reach no profile: no recipient (anonymous), or a key no live contact or customer has
    (SELECT count(*) FROM email_events m
     WHERE m.customer_key IS NULL
        OR NOT EXISTS (SELECT 1 FROM profiles p WHERE p.customer_key = m.customer_key)) AS email_events_without_profile
