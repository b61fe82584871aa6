-- Time-relative features, computed when they are read, from the stored profiles and facts. Kept in the
-- warehouse as a table macro and views, so any DuckDB client sees the same numbers:
--   SELECT * FROM profile_features                       -- as of now
--   SELECT * FROM profile_features_at(TIMESTAMPTZ '2026-10-02 00:00:00+00')
-- ${view_window_days} and ${cart_abandon_after_minutes} come from sendtime.load (application.yaml).
-- Email engagement: emails delivered, opened and clicked (email_events of kind delivered, open, click; every open
-- and click event counts) in the 30 and 90 days up to as_of, in the same window form as the views.
--
-- engagement_score (0..100, docs/load.md):
--     30 * exp(-days_since_last_order / 90)                 recency (0 without orders)
--   + 25 * least(orders_count, 10) / 10                     frequency
--   + 25 * decile of lifetime value within the currency     monetary (0 without orders): floor(10 * percent_rank) / 10,
--                                                           so one profile's new order moves only the few profiles
--                                                           next to a decile boundary, not the score of everyone
--   + 20 * least(views in the window, 20) / 20              browsing

-- The monetary decile (0..10) of every profile: 0 without orders, else floor(10 * percent_rank) of the lifetime value
-- among the profiles with orders in its currency. One definition, read by the features and by the profiles snapshot
-- (sql/load/serving/), which publishes it beside each row to find the profiles whose decile moved.
CREATE OR REPLACE MACRO monetary_deciles() AS TABLE
SELECT customer_key,
       CASE WHEN orders_count > 0
            THEN floor(10 * percent_rank() OVER (PARTITION BY currency, orders_count > 0
                                                 ORDER BY lifetime_value_minor))::INTEGER
            ELSE 0 END AS monetary_decile
FROM profiles;

-- The features of the profiles in the relation named profile_rows (the profiles table, or a temp table of some of
-- its rows), from the events and email events in the relations named event_rows and email_rows (the tables, or temp
-- tables holding at least those profiles' rows); the deciles are always over every profile.
-- with_views, with_email and with_deciles (true unless given) compute those parts: false leaves one out, for a
-- reader that reads none of its columns (a send's audience, render/FeatureParts.java); its columns then read as
-- nothing ([], 0, engagement_score without it):
--   with_views    top_categories_by_views, recent_views, engagement_score
--   with_email    emails_delivered_30d, emails_delivered_90d, email_opens_30d, email_opens_90d, email_clicks_30d,
--                 email_clicks_90d
--   with_deciles  engagement_score
CREATE OR REPLACE MACRO profile_features_of(as_of, profile_rows, event_rows, email_rows,
                                            with_views := true, with_email := true, with_deciles := true) AS TABLE
WITH views AS (
    SELECT e.customer_key, p.category, count(*) AS n
    FROM query_table(event_rows) e JOIN products p USING (product_id)
    WHERE e.type = 'product_viewed' AND e.customer_key IS NOT NULL
      AND e.occurred_at > as_of - INTERVAL ${view_window_days} DAY AND e.occurred_at <= as_of
    GROUP BY e.customer_key, p.category
), top_views AS (
    SELECT customer_key, list_slice(list(category ORDER BY n DESC, category), 1, 3) AS categories, sum(n)::BIGINT AS views
    FROM views GROUP BY customer_key
), email AS (
    SELECT customer_key,
           count(*) FILTER (WHERE kind = 'delivered' AND occurred_at > as_of - INTERVAL 30 DAY) AS delivered_30d,
           count(*) FILTER (WHERE kind = 'delivered') AS delivered_90d,
           count(*) FILTER (WHERE kind = 'open' AND occurred_at > as_of - INTERVAL 30 DAY) AS opens_30d,
           count(*) FILTER (WHERE kind = 'open') AS opens_90d,
           count(*) FILTER (WHERE kind = 'click' AND occurred_at > as_of - INTERVAL 30 DAY) AS clicks_30d,
           count(*) FILTER (WHERE kind = 'click') AS clicks_90d
    FROM query_table(email_rows)
    WHERE customer_key IS NOT NULL AND kind IN ('delivered', 'open', 'click')
      AND occurred_at > as_of - INTERVAL 90 DAY AND occurred_at <= as_of
    GROUP BY customer_key
), features AS (
    SELECT p.*,
           CASE WHEN p.last_order_at IS NOT NULL THEN greatest(date_diff('day', p.last_order_at, as_of), 0) END
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
                    AND p.cart_updated_at <= as_of - INTERVAL ${cart_abandon_after_minutes} MINUTE, false)
               AS cart_abandoned,
           coalesce(md.monetary_decile, 0) AS monetary_decile
    FROM query_table(profile_rows) p
    LEFT JOIN top_views tv ON with_views AND tv.customer_key = p.customer_key
    LEFT JOIN email em ON with_email AND em.customer_key = p.customer_key
    LEFT JOIN monetary_deciles() md ON with_deciles AND md.customer_key = p.customer_key
)
SELECT * EXCLUDE (monetary_decile),
       round(coalesce(30 * exp(-days_since_last_order / 90.0), 0)
             + 25 * least(orders_count, 10) / 10.0
             + 25 * monetary_decile / 10.0
             + 20 * least(recent_views, 20) / 20.0, 1) AS engagement_score
FROM features;

CREATE OR REPLACE MACRO profile_features_at(as_of, with_views := true, with_email := true, with_deciles := true) AS TABLE
SELECT * FROM profile_features_of(as_of, 'profiles', 'events', 'email_events', with_views := with_views,
                                  with_email := with_email, with_deciles := with_deciles);

CREATE OR REPLACE VIEW profile_features AS SELECT * FROM profile_features_at(now());

-- Up to 5 recommendations per customer: the products most bought together with what they bought (each
-- bought product's top 10 pairs, scores summed), excluding what they already bought and deleted
-- products; stock is for the render to check at send time.
CREATE OR REPLACE VIEW customer_recommendations AS
WITH bought AS (
    SELECT DISTINCT oi.customer_key, oi.product_id
    FROM order_items oi JOIN orders o USING (order_id)
    WHERE NOT o.is_cancelled AND NOT o.is_deleted AND oi.customer_key IS NOT NULL AND oi.product_id IS NOT NULL
), scored AS (
    SELECT b.customer_key, pp.other_product_id AS product_id, sum(pp.orders_together) AS score
    FROM bought b JOIN product_top_pairs pp USING (product_id)
    WHERE NOT EXISTS (SELECT 1 FROM bought x
                      WHERE x.customer_key = b.customer_key AND x.product_id = pp.other_product_id)
    GROUP BY b.customer_key, pp.other_product_id
)
SELECT s.customer_key, s.product_id, s.score,
       row_number() OVER (PARTITION BY s.customer_key ORDER BY s.score DESC, s.product_id) AS rank
FROM scored s JOIN products p ON p.product_id = s.product_id AND NOT p.is_deleted
QUALIFY rank <= 5;
