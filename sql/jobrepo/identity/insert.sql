INSERT INTO sendtime_identity (system, record_id, customer_key, assigned_by)
VALUES (:system, :recordId, :customerKey, :assignedBy)
