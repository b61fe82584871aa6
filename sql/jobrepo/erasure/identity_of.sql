-- The customer keys of a source record id, in any system (an erasure asked for by a CRM or shop id).
SELECT customer_key FROM sendtime_identity WHERE record_id = :recordId
