-- Each refreshed recipient's marketing email consent as of now (audience.sql prefers it to the profile's,
-- which is the last load's).
INSERT INTO render_consent
SELECT customer_key, status FROM consent_history WHERE is_current AND channel = 'marketing_email';
