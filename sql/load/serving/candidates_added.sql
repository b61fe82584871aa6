-- The rows of the candidates moved.sql did not take (serving_added, candidates.sql), added to its temp tables for
-- profile_features_of, with the same columns and windows. ${view_window_days} comes from sendtime.load.
INSERT INTO serving_rows SELECT * FROM profiles SEMI JOIN serving_added USING (customer_key);
INSERT INTO serving_events
SELECT customer_key, type, product_id, occurred_at FROM events SEMI JOIN serving_added USING (customer_key)
WHERE type = 'product_viewed' AND occurred_at > getvariable('as_of') - INTERVAL ${view_window_days} DAY
  AND occurred_at <= getvariable('as_of');
INSERT INTO serving_email_events
SELECT customer_key, kind, occurred_at FROM email_events SEMI JOIN serving_added USING (customer_key)
WHERE kind IN ('delivered', 'open', 'click') AND occurred_at > getvariable('as_of') - INTERVAL 90 DAY
  AND occurred_at <= getvariable('as_of');
