-- profiles: the profile of every customer with a live CRM contact or commerce customer, with its row hash;
-- sql/load/profiles.sql (new_profiles) word for word, over the dbt models instead of the warehouse tables, for
-- every customer (touched_keys: everyone) on each run. The rules are in that file's header and docs/load.md.
-- row_hash is md5(to_json(profile)) as in sendtime; the snapshot profile_snapshots checks it.
WITH contact AS (
    SELECT c.* FROM {{ ref('contacts') }} c SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE NOT c.is_deleted
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, contact_id DESC) = 1
), customer AS (
    SELECT c.* FROM {{ ref('customers') }} c SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE NOT c.is_deleted
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, customer_id DESC) = 1
), valid_orders AS (
    SELECT o.* FROM {{ ref('orders') }} o SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted
), latest_order AS (
    SELECT customer_key, currency FROM valid_orders
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY created_at DESC, order_id DESC) = 1
), person AS (
    SELECT k.customer_key,
           ct.contact_id AS crm_contact_id,
           cu.customer_id AS commerce_customer_id,
           coalesce(ct.email, cu.email) AS email,
           coalesce(ct.email_sha256, cu.email_sha256) AS email_sha256,
           coalesce(ct.first_name, cu.first_name) AS first_name,
           coalesce(ct.last_name, cu.last_name) AS last_name,
           coalesce(ct.phone_e164, cu.phone_e164) AS phone_e164,
           coalesce(ct.city, cu.city) AS city,
           coalesce(ct.country_code, cu.country_code) AS country,
           ct.language,
           coalesce(cu.currency, lo.currency) AS currency
    FROM {{ ref('touched_keys') }} k
    LEFT JOIN contact ct USING (customer_key)
    LEFT JOIN customer cu USING (customer_key)
    LEFT JOIN latest_order lo USING (customer_key)
    WHERE ct.contact_id IS NOT NULL OR cu.customer_id IS NOT NULL
), dated_orders AS (
    SELECT o.order_id, o.customer_key, o.currency, o.total_minor, o.created_at, p.currency AS profile_currency,
           (o.created_at AT TIME ZONE 'UTC')::DATE AS order_date
    FROM person p JOIN valid_orders o USING (customer_key)
), order_money AS (
    -- what one minor unit of the order's currency is in the profile's, by the rates of the order's day (NULL: no rate)
    SELECT o.*, o.currency <> o.profile_currency AS converted,
           CASE WHEN o.currency = o.profile_currency THEN 1.0
                ELSE rt.rate / rf.rate * pow(10, rt.minor_digits - rf.minor_digits) END AS factor
    FROM dated_orders o
    ASOF LEFT JOIN {{ ref('money_rates') }} rf ON rf.currency = o.currency AND o.order_date >= rf.rate_date
    ASOF LEFT JOIN {{ ref('money_rates') }} rt ON rt.currency = o.profile_currency AND o.order_date >= rt.rate_date
), order_stats AS (
    SELECT customer_key,
           count(*) AS orders_count,
           coalesce(sum(CASE WHEN NOT converted THEN total_minor ELSE round(total_minor * factor)::BIGINT END), 0)
               AS lifetime_value_minor,
           count(factor) AS money_orders,
           count(factor) FILTER (WHERE converted) AS converted_orders,
           min(created_at) AS first_order_at,
           max(created_at) AS last_order_at
    FROM order_money
    GROUP BY customer_key
), spend AS (
    SELECT om.customer_key, pr.category,
           sum(CASE WHEN NOT om.converted THEN oi.line_total_minor ELSE round(oi.line_total_minor * om.factor) END) AS amount
    FROM order_money om
    JOIN {{ ref('order_items') }} oi ON oi.order_id = om.order_id
    JOIN {{ ref('products') }} pr ON pr.product_id = oi.product_id
    WHERE om.factor IS NOT NULL
    GROUP BY om.customer_key, pr.category
), top_spend AS (
    SELECT customer_key, list_slice(list(category ORDER BY amount DESC, category), 1, 3) AS categories
    FROM spend GROUP BY customer_key
), viewed AS (
    SELECT e.customer_key, e.product_id, max(e.occurred_at) AS viewed_at
    FROM {{ ref('events') }} e SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE e.type = 'product_viewed' AND e.product_id IS NOT NULL
    GROUP BY e.customer_key, e.product_id
), last_viewed AS (
    SELECT customer_key, list_slice(list(product_id ORDER BY viewed_at DESC, product_id), 1, 5) AS products, max(viewed_at) AS viewed_at
    FROM viewed GROUP BY customer_key
), activity AS (
    SELECT e.customer_key, max(e.occurred_at) AS last_active_at
    FROM {{ ref('events') }} e SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    GROUP BY e.customer_key
), email AS (
    SELECT m.customer_key,
           max(m.occurred_at) FILTER (WHERE m.kind IN ('open', 'click')) AS last_engaged_at,
           bool_or(m.kind IN ('hard_bounce', 'invalid')) AS hard_bounced
    FROM {{ ref('email_events') }} m SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    GROUP BY m.customer_key
), cart AS (
    SELECT c.* FROM {{ ref('checkouts') }} c SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE c.completed_at IS NULL AND NOT c.is_deleted AND len(c.line_items) > 0
      AND NOT EXISTS (SELECT 1 FROM valid_orders o
                      WHERE o.customer_key = c.customer_key AND o.created_at >= c.updated_at)
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, checkout_id DESC) = 1
), consent AS (
    SELECT customer_key,
           max(status) FILTER (WHERE channel = 'marketing_email') AS marketing_email,
           max(status) FILTER (WHERE channel = 'product_updates') AS product_updates
    FROM {{ ref('consents') }} SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE is_current
    GROUP BY customer_key
), hard_bounce AS (
    -- a bounce or complaint suppresses marketing email until the person subscribes again
    SELECT customer_key,
           max(stated_at) FILTER (WHERE source IN ('crm:bounce', 'crm:complaint')) AS bounced_at,
           max(stated_at) FILTER (WHERE status = 'SUBSCRIBED') AS subscribed_at
    FROM {{ ref('consent_statements') }} SEMI JOIN {{ ref('touched_keys') }} k USING (customer_key)
    WHERE channel = 'marketing_email'
    GROUP BY customer_key
), profile AS (
    SELECT p.*,
           coalesce(cs.marketing_email, 'NOT_SPECIFIED') AS consent_marketing_email,
           coalesce(cs.product_updates, 'NOT_SPECIFIED') AS consent_product_updates,
           (p.email IS NULL OR coalesce(hb.bounced_at > hb.subscribed_at OR (hb.bounced_at IS NOT NULL AND hb.subscribed_at IS NULL), false))
               AS suppressed_email,
           coalesce(os.orders_count, 0) AS orders_count,
           coalesce(os.lifetime_value_minor, 0) AS lifetime_value_minor,
           coalesce(os.converted_orders, 0) AS converted_orders,
           CASE WHEN os.money_orders > 0 THEN round(os.lifetime_value_minor / os.money_orders)::BIGINT END
               AS average_order_value_minor,
           os.first_order_at,
           os.last_order_at,
           coalesce(ts.categories, []::VARCHAR[]) AS top_categories_by_spend,
           coalesce(lv.products, []::BIGINT[]) AS last_viewed_products,
           lv.viewed_at AS last_viewed_at,
           ac.last_active_at,
           em.last_engaged_at,
           coalesce(em.hard_bounced, false) AS hard_bounced,
           ca.checkout_id AS cart_checkout_id,
           ca.updated_at AS cart_updated_at,
           ca.total_minor AS cart_value_minor,
           ca.currency AS cart_currency,
           ca.line_items AS cart_items
    FROM person p
    LEFT JOIN order_stats os USING (customer_key)
    LEFT JOIN top_spend ts USING (customer_key)
    LEFT JOIN last_viewed lv USING (customer_key)
    LEFT JOIN activity ac USING (customer_key)
    LEFT JOIN email em USING (customer_key)
    LEFT JOIN cart ca USING (customer_key)
    LEFT JOIN consent cs USING (customer_key)
    LEFT JOIN hard_bounce hb USING (customer_key)
)
SELECT profile.*, md5(to_json(profile)) AS row_hash FROM profile
