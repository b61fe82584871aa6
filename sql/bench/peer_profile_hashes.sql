-- `bench load --peer dbt`: do sendtime's load and the dbt peer (bench/peers/dbt) agree, customer by customer? After
-- sql/bench/peer_attach.sql and peer_attach_peer.sql. Per customer and per side, one hash over each part, compared:
--   features: every column of profile_features_at(as_of) (sendtime's sql/load/features.sql; the peer's
--             profile_features view at the same as_of) but sendtime's load bookkeeping (snapshot_version, updated_at),
--             row_hash included (md5 of to_json of the profile: the same profile hashes the same on both sides);
--   segments: every membership (segment, is_primary);
--   consents: the whole consent history (channel, status, source, valid_from, valid_to, is_current);
--   versions: the SCD2 history: how many versions, how many open, and the row hash of each in order.
-- One row: the customers seen on either side (a profile, a version or a consent), how many differ in each part,
-- and the first keys that differ.
WITH sendtime_features AS (
    SELECT f.customer_key,
           md5(to_json(struct_pack(
           f.customer_key, f.crm_contact_id, f.commerce_customer_id, f.email, f.email_sha256, f.first_name,
           f.last_name, f.phone_e164, f.city, f.country, f.language, f.currency, f.consent_marketing_email,
           f.consent_product_updates, f.suppressed_email, f.orders_count, f.lifetime_value_minor,
           f.average_order_value_minor, f.first_order_at, f.last_order_at, f.top_categories_by_spend,
           f.last_viewed_products, f.last_viewed_at, f.cart_checkout_id, f.cart_updated_at, f.cart_value_minor,
           f.cart_currency, f.cart_items, f.converted_orders, f.last_active_at, f.last_engaged_at,
           f.hard_bounced, f.row_hash, f.days_since_last_order, f.top_categories_by_views, f.recent_views,
           f.emails_delivered_30d, f.emails_delivered_90d, f.email_opens_30d, f.email_opens_90d,
           f.email_clicks_30d, f.email_clicks_90d, f.cart_abandoned, f.engagement_score
           ))) AS h
    FROM profile_features_at(:asOf::TIMESTAMPTZ) f
), peer_features AS (
    SELECT f.customer_key,
           md5(to_json(struct_pack(
           f.customer_key, f.crm_contact_id, f.commerce_customer_id, f.email, f.email_sha256, f.first_name,
           f.last_name, f.phone_e164, f.city, f.country, f.language, f.currency, f.consent_marketing_email,
           f.consent_product_updates, f.suppressed_email, f.orders_count, f.lifetime_value_minor,
           f.average_order_value_minor, f.first_order_at, f.last_order_at, f.top_categories_by_spend,
           f.last_viewed_products, f.last_viewed_at, f.cart_checkout_id, f.cart_updated_at, f.cart_value_minor,
           f.cart_currency, f.cart_items, f.converted_orders, f.last_active_at, f.last_engaged_at,
           f.hard_bounced, f.row_hash, f.days_since_last_order, f.top_categories_by_views, f.recent_views,
           f.emails_delivered_30d, f.emails_delivered_90d, f.email_opens_30d, f.email_opens_90d,
           f.email_clicks_30d, f.email_clicks_90d, f.cart_abandoned, f.engagement_score
           ))) AS h
    FROM ${peer}.main.profile_features f
), sendtime_segments AS (
    SELECT customer_key, md5(to_json(list({'segment': segment, 'is_primary': is_primary} ORDER BY segment))) AS h
    FROM segment_memberships GROUP BY customer_key
), peer_segments AS (
    SELECT customer_key, md5(to_json(list({'segment': segment, 'is_primary': is_primary} ORDER BY segment))) AS h
    FROM ${peer}.main.segment_memberships GROUP BY customer_key
), sendtime_consents AS (
    SELECT customer_key,
           md5(to_json(list({'channel': channel, 'status': status, 'source': source, 'valid_from': valid_from,
                             'valid_to': valid_to, 'is_current': is_current} ORDER BY channel, valid_from))) AS h
    FROM consents GROUP BY customer_key
), peer_consents AS (
    SELECT customer_key,
           md5(to_json(list({'channel': channel, 'status': status, 'source': source, 'valid_from': valid_from,
                             'valid_to': valid_to, 'is_current': is_current} ORDER BY channel, valid_from))) AS h
    FROM ${peer}.main.consents GROUP BY customer_key
), sendtime_versions AS (
    SELECT customer_key,
           md5(to_json({'versions': count(*), 'open': count(*) FILTER (WHERE is_current),
                        'hashes': list(row_hash ORDER BY valid_from)})) AS h
    FROM profile_snapshots GROUP BY customer_key
), peer_versions AS (
    SELECT customer_key,
           md5(to_json({'versions': count(*), 'open': count(*) FILTER (WHERE dbt_valid_to IS NULL),
                        'hashes': list(row_hash ORDER BY dbt_valid_from)})) AS h
    FROM ${peer}.main.profile_snapshots GROUP BY customer_key
), customers AS (
    SELECT customer_key FROM sendtime_features UNION SELECT customer_key FROM peer_features
    UNION SELECT customer_key FROM sendtime_versions UNION SELECT customer_key FROM peer_versions
    UNION SELECT customer_key FROM sendtime_consents UNION SELECT customer_key FROM peer_consents
), compared AS (
    SELECT c.customer_key,
           sf.h IS DISTINCT FROM pf.h AS features,
           ss.h IS DISTINCT FROM ps.h AS segments,
           sc.h IS DISTINCT FROM pc.h AS consents,
           sv.h IS DISTINCT FROM pv.h AS versions,
           sf.customer_key IS NOT NULL AS sendtime_profile,
           pf.customer_key IS NOT NULL AS peer_profile
    FROM customers c
    LEFT JOIN sendtime_features sf USING (customer_key) LEFT JOIN peer_features pf USING (customer_key)
    LEFT JOIN sendtime_segments ss USING (customer_key) LEFT JOIN peer_segments ps USING (customer_key)
    LEFT JOIN sendtime_consents sc USING (customer_key) LEFT JOIN peer_consents pc USING (customer_key)
    LEFT JOIN sendtime_versions sv USING (customer_key) LEFT JOIN peer_versions pv USING (customer_key)
)
SELECT count(*) AS customers,
       count(*) FILTER (WHERE sendtime_profile) AS sendtime_profiles,
       count(*) FILTER (WHERE peer_profile) AS peer_profiles,
       count(*) FILTER (WHERE features OR segments OR consents OR versions) AS mismatches,
       count(*) FILTER (WHERE features) AS features,
       count(*) FILTER (WHERE segments) AS segments,
       count(*) FILTER (WHERE consents) AS consents,
       count(*) FILTER (WHERE versions) AS versions,
       coalesce(list_slice(list(customer_key ORDER BY customer_key)
                           FILTER (WHERE features OR segments OR consents OR versions), 1, 5), []) AS examples
FROM compared
