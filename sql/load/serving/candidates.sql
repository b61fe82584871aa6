-- The profiles whose published row this load may change, into serving_keys, when the chain it compares with was
-- published by the previous load at serving_since (bound) on the same UTC day as this load's as_of (so no profile's
-- days_since_last_order moved: ProfilePublication checks both). Everything a row is made of (serving/profiles.sql)
-- changes only through one of these; the others keep their published row and are not assembled at all:
--   the customers this load touched (their profile, consents, orders and bought ids were recomputed);
--   those whose segment memberships this load changed (segment_changed_keys, segments.sql: a rule edited, say);
--   those with product views or email events that entered or left a feature window (features.sql: the view window,
--   30 and 90 days) between serving_since and as_of;
--   those whose open cart crossed the abandonment time (cart_updated_at within the same interval, shifted by
--   cart-abandon-after);
--   those whose monetary decile (serving_deciles) differs from the published one.
-- ${view_window_days} and ${cart_abandon_after_minutes} come from sendtime.load, as in features.sql.
SET VARIABLE serving_since = :since::TIMESTAMPTZ;

CREATE OR REPLACE TEMP TABLE serving_keys AS
SELECT customer_key FROM touched_keys
UNION
SELECT customer_key FROM segment_changed_keys
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

-- their rows, for profile_features_of
CREATE OR REPLACE TEMP TABLE serving_rows AS SELECT * FROM profiles SEMI JOIN serving_keys USING (customer_key);
CREATE OR REPLACE TEMP TABLE serving_events AS
SELECT * FROM events SEMI JOIN serving_keys USING (customer_key) WHERE type = 'product_viewed';
CREATE OR REPLACE TEMP TABLE serving_email_events AS
SELECT * FROM email_events SEMI JOIN serving_keys USING (customer_key);
