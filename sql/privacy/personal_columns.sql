-- The warehouse's tables and their columns that identify a person, for an erasure (WarehouseErasure deletes
-- by each; a table added later with one of these columns is erased too, and load/ErasureStoresTest lists them).
SELECT c.table_name, c.column_name
FROM information_schema.columns c
JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main'
  AND c.column_name IN ('customer_key', 'email', 'email_sha256', 'contact_id', 'customer_id')
ORDER BY 1, 2
