-- The profile of every touched customer, into the temp table new_profiles (no row: the customer has
-- no live CRM contact and no live commerce customer, i.e. was deleted or never existed).
-- Only data-dependent features live here; time-relative ones (days since the last order, views in
-- the last 90 days, emails delivered, opened and clicked in the last 30 and 90 days, abandoned carts, engagement)
-- are computed at read time by features.sql.
--
-- Rules (docs/load.md):
--  * one person = one customer_key; several live records of one system under one key: the latest wins
--  * names, email, phone, place: the CRM contact first, then the shop customer
--  * currency: the shop customer's, else their latest order's; money features count valid orders (not
--    cancelled, not deleted) in that currency, and orders in other currencies converted by the exchange rates of
--    their day (UTC; exchange_rates, with the base at 1: money_rates.sql), counted per profile as converted_orders;
--    an order without a rate for its day stays out of money (counted in orders_count and the load's
--    orders_without_rate)
--  * the open cart: their latest checkout that is not completed and not followed by an order (cart events in the
--    storefront feed do not make a cart: they mark activity, like every storefront event: last_active_at)
--  * views are product_viewed events only; email engagement: the latest open or click (last_engaged_at); an email that
--    hard-bounced or an address the email service called invalid (hard_bounced)

CREATE OR REPLACE TEMP TABLE new_profiles AS
WITH contact AS (
    SELECT c.* FROM contacts c SEMI JOIN touched_keys k USING (customer_key)
    WHERE NOT c.is_deleted
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, contact_id DESC) = 1
), customer AS (
    SELECT c.* FROM customers c SEMI JOIN touched_keys k USING (customer_key)
    WHERE NOT c.is_deleted
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, customer_id DESC) = 1
), valid_orders AS (
    SELECT o.* FROM orders o SEMI JOIN touched_keys k USING (customer_key)
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
    FROM touched_keys k
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
    ASOF LEFT JOIN money_rates rf ON rf.currency = o.currency AND o.order_date >= rf.rate_date
    ASOF LEFT JOIN money_rates rt ON rt.currency = o.profile_currency AND o.order_date >= rt.rate_date
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
    JOIN order_items oi ON oi.order_id = om.order_id
    JOIN products pr ON pr.product_id = oi.product_id
    WHERE om.factor IS NOT NULL
    GROUP BY om.customer_key, pr.category
), top_spend AS (
    SELECT customer_key, list_slice(list(category ORDER BY amount DESC, category), 1, 3) AS categories
    FROM spend GROUP BY customer_key
), event_times AS MATERIALIZED (
    -- the big events table read once: the latest time per customer and viewed product (viewed_product NULL: every
    -- other event), which the views and the activity both take from
    SELECT e.customer_key,
           CASE WHEN e.type = 'product_viewed' THEN e.product_id END AS viewed_product,
           max(e.occurred_at) AS occurred_at
    FROM events e SEMI JOIN touched_keys k USING (customer_key)
    GROUP BY ALL
), last_viewed AS (
    SELECT customer_key, list_slice(list(viewed_product ORDER BY occurred_at DESC, viewed_product), 1, 5) AS products,
           max(occurred_at) AS viewed_at
    FROM event_times WHERE viewed_product IS NOT NULL GROUP BY customer_key
), activity AS (
    SELECT customer_key, max(occurred_at) AS last_active_at FROM event_times GROUP BY customer_key
), email AS (
    SELECT m.customer_key,
           max(m.occurred_at) FILTER (WHERE m.kind IN ('open', 'click')) AS last_engaged_at,
           bool_or(m.kind IN ('hard_bounce', 'invalid')) AS hard_bounced
    FROM email_events m SEMI JOIN touched_keys k USING (customer_key)
    GROUP BY m.customer_key
), cart AS (
    SELECT c.* FROM checkouts c SEMI JOIN touched_keys k USING (customer_key)
    WHERE c.completed_at IS NULL AND NOT c.is_deleted AND len(c.line_items) > 0
      AND NOT EXISTS (SELECT 1 FROM valid_orders o
                      WHERE o.customer_key = c.customer_key AND o.created_at >= c.updated_at)
    QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY updated_at DESC, checkout_id DESC) = 1
), consent AS (
    SELECT customer_key,
           max(status) FILTER (WHERE channel = 'marketing_email') AS marketing_email,
           max(status) FILTER (WHERE channel = 'product_updates') AS product_updates
    FROM consents SEMI JOIN touched_keys k USING (customer_key)
    WHERE is_current
    GROUP BY customer_key
), hard_bounce AS (
    -- a bounce or complaint suppresses marketing email until the person subscribes again
    SELECT customer_key,
           max(stated_at) FILTER (WHERE source IN ('crm:bounce', 'crm:complaint')) AS bounced_at,
           max(stated_at) FILTER (WHERE status = 'SUBSCRIBED') AS subscribed_at
    FROM consent_statements SEMI JOIN touched_keys k USING (customer_key)
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
SELECT profile.*, md5(to_json(profile)) AS row_hash FROM profile;
