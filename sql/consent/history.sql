-- The consent history per channel that the statements in consent_input (a temp view the caller makes over
-- consent_statements rows: the load's touched customers, or the render's refreshed ones plus what the
-- sources said just now) amount to, as the temp view consent_history (customer_key, channel, status,
-- source, valid_from, valid_to, is_current). The load stores it (sql/load/consents.sql); the render takes
-- its current rows (sql/render/consent.sql). One rule for conflicts between sources (docs/privacy.md,
-- tested both ways):
--   1. the newest statement by its own time wins; two at the same instant: UNSUBSCRIBED over SUBSCRIBED
--      over NOT_SPECIFIED (the safe reading);
--   2. a statement without a time of its own (its record's update time stands in) never overrides one
--      that has a time: it counts only while no statement with an own time came before it;
--   3. an unsubscribe is lifted only by a newer explicit opt-in (SUBSCRIBED): a later NOT_SPECIFIED
--      (never asked, pending) leaves it in place.
-- A statement that leaves the current status as it is is not a change.
CREATE OR REPLACE TEMP VIEW consent_history AS
WITH statements AS (
    SELECT * FROM consent_input
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
SELECT customer_key, channel, effective_status AS status, source, stated_at AS valid_from,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) AS valid_to,
       lead(stated_at) OVER (PARTITION BY customer_key, channel ORDER BY stated_at) IS NULL AS is_current
FROM changes;
