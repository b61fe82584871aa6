-- The records of every system that were given one of these customer keys (the person's source ids).
SELECT system, record_id, customer_key FROM sendtime_identity WHERE customer_key IN (:keys)
