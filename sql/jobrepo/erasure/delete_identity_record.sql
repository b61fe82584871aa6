DELETE FROM sendtime_identity WHERE system = :system AND record_id = :recordId
