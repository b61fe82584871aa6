DELETE FROM sendtime_identity WHERE customer_key IN (:keys)
