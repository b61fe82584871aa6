-- Every customer key given so far to records of one system.
SELECT record_id, customer_key FROM sendtime_identity WHERE system = :system
