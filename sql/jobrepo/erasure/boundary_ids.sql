-- Every record id remembered in an extract's lookback band (an erasure run again checks each against the ledger).
SELECT DISTINCT record_id FROM sendtime_extract_boundary
