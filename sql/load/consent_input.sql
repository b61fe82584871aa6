-- The statements the touched customers' consent history is rebuilt from (every statement any source made), for
-- the one conflict rule (sql/consent/history.sql); sql/load/consents.sql stores the result.
CREATE OR REPLACE TEMP VIEW consent_input AS
SELECT customer_key, channel, status, source, record_id, stated_at, own_time
FROM consent_statements SEMI JOIN touched_keys USING (customer_key);
