-- Consent history per channel of the touched customers, rebuilt from every statement any source made.
-- One rule for conflicts between sources (docs/load.md, tested both ways):
--   1. the newest statement by its own time wins; two at the same instant: UNSUBSCRIBED over SUBSCRIBED
--      over NOT_SPECIFIED (the safe reading);
--   2. a statement without a time of its own (its record's update time stands in) never overrides one
--      that has a time: it counts only while no statement with an own time came before it;
--   3. an unsubscribe is lifted only by a newer explicit opt-in (SUBSCRIBED): a later NOT_SPECIFIED
--      (never asked, pending) leaves it in place.
-- A statement that leaves the current status as it is is not a change.

DELETE FROM consents WHERE customer_key IN (SELECT customer_key FROM touched_keys);

INSERT INTO consents
WITH statements AS (
    SELECT s.* FROM consent_statements s SEMI JOIN touched_keys k USING (customer_key)
    QUALIFY row_number() OVER (PARTITION BY customer_key, channel, stated_at
                               ORDER BY CASE status WHEN 'UNSUBSCRIBED' THEN 0 WHEN 'SUBSCRIBED' THEN 1 ELSE 2 END,
                                        own_time DESC, source, record_id) = 1
), counted AS (
    SELECT * FROM statements
    QUALIFY own_time
         OR NOT coalesce(bool_or(own_time) OVER (PARTITION BY customer_key, channel ORDER BY stated_at
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false)
), effective AS (
    SELECT *,
           CASE WHEN status = 'NOT_SPECIFIED'
                 AND last_value(CASE WHEN status <> 'NOT_SPECIFIED' THEN status END IGNORE NULLS)
                         OVER (PARTITION BY customer_key, channel ORDER BY stated_at
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) = 'UNSUBSCRIBED'
                THEN 'UNSUBSCRIBED' ELSE status END AS effective_status
    FROM counted
), changes AS (
    SELECT * FROM effective
    QUALIFY lag(effective_status) OVER (PARTITION BY customer_key, channel ORDER BY stated_at)
            IS DISTINCT FROM effective_status
)
SELECT customer_key, channel, effective_status, source, stated_at AS valid_from,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) AS valid_to,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) IS NULL AS is_current
FROM changes;
