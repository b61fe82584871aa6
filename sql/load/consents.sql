-- Consent history per channel of the touched customers, rebuilt from every statement any source made:
-- ordered by time, a statement that repeats the current status is not a change. Two statements at the
-- same instant: UNSUBSCRIBED wins over SUBSCRIBED wins over NOT_SPECIFIED (the safe reading).

DELETE FROM consents WHERE customer_key IN (SELECT customer_key FROM touched_keys);

INSERT INTO consents
WITH statements AS (
    SELECT s.* FROM consent_statements s SEMI JOIN touched_keys k USING (customer_key)
    QUALIFY row_number() OVER (PARTITION BY customer_key, channel, stated_at
                               ORDER BY CASE status WHEN 'UNSUBSCRIBED' THEN 0 WHEN 'SUBSCRIBED' THEN 1 ELSE 2 END,
                                        source, record_id) = 1
), changes AS (
    SELECT * FROM statements
    QUALIFY lag(status) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) IS DISTINCT FROM status
)
SELECT customer_key, channel, status, source, stated_at AS valid_from,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) AS valid_to,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) IS NULL AS is_current
FROM changes;
