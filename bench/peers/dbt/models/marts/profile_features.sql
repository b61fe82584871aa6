-- profile_features: sendtime's profile_features_at(as_of) (sql/load/features.sql) at this run's as_of (var as_of,
-- WarehouseLoader's), over the dbt models. A view, as in sendtime (a table macro): the segments read it once.
{{ config(materialized='view') }}
WITH as_of AS (SELECT TIMESTAMPTZ '{{ run_var('as_of') }}' AS t
), views AS (
    SELECT e.customer_key, p.category, count(*) AS n
    FROM {{ ref('events') }} e JOIN {{ ref('products') }} p USING (product_id), as_of
    WHERE e.type = 'product_viewed' AND e.customer_key IS NOT NULL
      AND e.occurred_at > as_of.t - INTERVAL {{ run_var('view_window_days') }} DAY AND e.occurred_at <= as_of.t
    GROUP BY e.customer_key, p.category
), top_views AS (
    SELECT customer_key, list_slice(list(category ORDER BY n DESC, category), 1, 3) AS categories, sum(n)::BIGINT AS views
    FROM views GROUP BY customer_key
), email AS (
    SELECT customer_key,
           count(*) FILTER (WHERE kind = 'delivered' AND occurred_at > as_of.t - INTERVAL 30 DAY) AS delivered_30d,
           count(*) FILTER (WHERE kind = 'delivered') AS delivered_90d,
           count(*) FILTER (WHERE kind = 'open' AND occurred_at > as_of.t - INTERVAL 30 DAY) AS opens_30d,
           count(*) FILTER (WHERE kind = 'open') AS opens_90d,
           count(*) FILTER (WHERE kind = 'click' AND occurred_at > as_of.t - INTERVAL 30 DAY) AS clicks_30d,
           count(*) FILTER (WHERE kind = 'click') AS clicks_90d
    FROM {{ ref('email_events') }}, as_of
    WHERE customer_key IS NOT NULL AND kind IN ('delivered', 'open', 'click')
      AND occurred_at > as_of.t - INTERVAL 90 DAY AND occurred_at <= as_of.t
    GROUP BY customer_key
), features AS (
    SELECT p.*,
           CASE WHEN p.last_order_at IS NOT NULL THEN greatest(date_diff('day', p.last_order_at, as_of.t), 0) END
               AS days_since_last_order,
           coalesce(tv.categories, []::VARCHAR[]) AS top_categories_by_views,
           coalesce(tv.views, 0) AS recent_views,
           coalesce(em.delivered_30d, 0) AS emails_delivered_30d,
           coalesce(em.delivered_90d, 0) AS emails_delivered_90d,
           coalesce(em.opens_30d, 0) AS email_opens_30d,
           coalesce(em.opens_90d, 0) AS email_opens_90d,
           coalesce(em.clicks_30d, 0) AS email_clicks_30d,
           coalesce(em.clicks_90d, 0) AS email_clicks_90d,
           coalesce(p.cart_checkout_id IS NOT NULL
                    AND p.cart_updated_at <= as_of.t - INTERVAL {{ run_var('cart_abandon_after_minutes') }} MINUTE, false)
               AS cart_abandoned,
           -- the lifetime value's decile in its currency (sql/load/features.sql, monetary_deciles)
           CASE WHEN p.orders_count > 0
                THEN floor(10 * percent_rank() OVER (PARTITION BY p.currency, p.orders_count > 0
                                                     ORDER BY p.lifetime_value_minor))::INTEGER
                ELSE 0 END AS monetary_decile
    FROM {{ ref('profiles') }} p LEFT JOIN top_views tv USING (customer_key) LEFT JOIN email em USING (customer_key), as_of
)
SELECT * EXCLUDE (monetary_decile),
       round(coalesce(30 * exp(-days_since_last_order / 90.0), 0)
             + 25 * least(orders_count, 10) / 10.0
             + 25 * monetary_decile / 10.0
             + 20 * least(recent_views, 20) / 20.0, 1) AS engagement_score
FROM features
