DELETE FROM sendtime_extract_boundary WHERE record_id = :recordId
