-- The person's records remembered in an extract's lookback band: their source id, or a record named after
-- it (a CRM subscription is <contact id>:<type>).
DELETE FROM sendtime_extract_boundary WHERE record_id = :recordId OR record_id LIKE :recordPrefix
