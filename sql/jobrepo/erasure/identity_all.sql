-- Every customer key given to a source record (an erasure run again checks each against the ledger).
SELECT system, record_id, customer_key FROM sendtime_identity
