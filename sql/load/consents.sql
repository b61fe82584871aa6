-- The touched customers' consent history (sql/consent/history.sql) replaces what the warehouse had.
DELETE FROM consents WHERE customer_key IN (SELECT customer_key FROM touched_keys);
INSERT INTO consents
SELECT customer_key, channel, status, source, valid_from, valid_to, is_current FROM consent_history;
