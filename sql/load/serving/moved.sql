-- The profiles whose features may have moved since the chain this load compares with, into moved_keys, when that
-- chain was published by the previous load at serving_since (bound) on the same UTC day as this load's as_of (so no
-- profile's days_since_last_order moved: ProfilePublication checks both). A profile's features (features.sql: its
-- profiles row, views and email events in windows ending at as_of, its cart against the abandonment time, its
-- monetary decile) change only through one of these; every other profile's are what they were at serving_since:
--   the customers this load touched (their profile, consents, orders and bought ids were recomputed);
--   those with product views or email events that entered or left a feature window (the view window, 30 and 90 days)
--   between serving_since and as_of;
--   those whose open cart crossed the abandonment time (cart_updated_at within the same interval, shifted by
--   cart-abandon-after);
--   those whose monetary decile (serving_deciles) differs from the published one.
-- The segments evaluate their rules over these profiles only when the rules read nothing but the features row
-- (SegmentRules); the snapshot assembles them and those whose memberships changed (candidates.sql).
-- ${view_window_days} and ${cart_abandon_after_minutes} come from sendtime.load, as in features.sql.
SET VARIABLE serving_since = :since::TIMESTAMPTZ;

CREATE OR REPLACE TEMP TABLE moved_keys AS
SELECT customer_key FROM touched_keys
UNION
SELECT customer_key FROM events
WHERE type = 'product_viewed' AND customer_key IS NOT NULL
  AND ((occurred_at > getvariable('serving_since') - INTERVAL ${view_window_days} DAY
        AND occurred_at <= getvariable('as_of') - INTERVAL ${view_window_days} DAY)
       OR (occurred_at > getvariable('serving_since') AND occurred_at <= getvariable('as_of')))
UNION
SELECT customer_key FROM email_events
WHERE customer_key IS NOT NULL AND kind IN ('delivered', 'open', 'click')
  AND ((occurred_at > getvariable('serving_since') - INTERVAL 90 DAY AND occurred_at <= getvariable('as_of') - INTERVAL 90 DAY)
       OR (occurred_at > getvariable('serving_since') - INTERVAL 30 DAY AND occurred_at <= getvariable('as_of') - INTERVAL 30 DAY)
       OR (occurred_at > getvariable('serving_since') AND occurred_at <= getvariable('as_of')))
UNION
SELECT customer_key FROM profiles
WHERE cart_updated_at > getvariable('serving_since') - INTERVAL ${cart_abandon_after_minutes} MINUTE
  AND cart_updated_at <= getvariable('as_of') - INTERVAL ${cart_abandon_after_minutes} MINUTE
UNION
SELECT d.customer_key FROM serving_deciles d LEFT JOIN serving_published p USING (customer_key)
WHERE p.monetary_decile IS DISTINCT FROM d.monetary_decile;

-- their rows, for profile_features_of(as_of, 'serving_rows', 'serving_events', 'serving_email_events'): of the events,
-- only the columns and rows the features read at as_of (a product view in the view window, an email event in the
-- 90 days), so the big events table is read for four columns, not copied whole
CREATE OR REPLACE TEMP TABLE serving_rows AS SELECT * FROM profiles SEMI JOIN moved_keys USING (customer_key);
CREATE OR REPLACE TEMP TABLE serving_events AS
SELECT customer_key, type, product_id, occurred_at FROM events SEMI JOIN moved_keys USING (customer_key)
WHERE type = 'product_viewed' AND occurred_at > getvariable('as_of') - INTERVAL ${view_window_days} DAY
  AND occurred_at <= getvariable('as_of');
CREATE OR REPLACE TEMP TABLE serving_email_events AS
SELECT customer_key, kind, occurred_at FROM email_events SEMI JOIN moved_keys USING (customer_key)
WHERE kind IN ('delivered', 'open', 'click') AND occurred_at > getvariable('as_of') - INTERVAL 90 DAY
  AND occurred_at <= getvariable('as_of');
