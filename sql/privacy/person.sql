-- Every identifier the warehouse holds of the customer keys in erase_ids: their addresses (today's and
-- those in their history) and their CRM and shop ids.
WITH k AS (SELECT value AS customer_key FROM erase_ids WHERE kind = 'customer_key')
SELECT 'email' AS kind, email AS value FROM contacts SEMI JOIN k USING (customer_key)
UNION SELECT 'email', email FROM customers SEMI JOIN k USING (customer_key)
UNION SELECT 'email', email FROM subscriptions SEMI JOIN k USING (customer_key)
UNION SELECT 'email', email FROM profiles SEMI JOIN k USING (customer_key)
UNION SELECT 'email', email FROM profile_snapshots SEMI JOIN k USING (customer_key)
UNION SELECT 'crm', contact_id FROM contacts SEMI JOIN k USING (customer_key)
UNION SELECT 'crm', contact_id FROM subscriptions SEMI JOIN k USING (customer_key)
UNION SELECT 'commerce', CAST(customer_id AS VARCHAR) FROM customers SEMI JOIN k USING (customer_key)
UNION SELECT 'commerce', CAST(customer_id AS VARCHAR) FROM orders SEMI JOIN k USING (customer_key)
