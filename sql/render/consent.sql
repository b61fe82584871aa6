-- The statements a refreshed recipient's consent is decided on: theirs in the warehouse and what the sources
-- said just now, for the one conflict rule (sql/consent/history.sql); consent_current.sql takes the result.
CREATE OR REPLACE TEMP VIEW consent_input AS
SELECT customer_key, channel, status, source, record_id, stated_at, own_time
FROM consent_statements SEMI JOIN render_consent_statements USING (customer_key)
UNION ALL
SELECT customer_key, channel, status, source, record_id, stated_at, own_time FROM render_consent_statements;
