-- A profile by its customer key, CRM contact id, commerce customer id, email (any case) or email SHA-256.
SELECT customer_key FROM profiles
WHERE customer_key = :v OR crm_contact_id = :v OR CAST(commerce_customer_id AS VARCHAR) = :v
   OR email = lower(:v) OR email_sha256 = lower(:v)
ORDER BY customer_key LIMIT 1
