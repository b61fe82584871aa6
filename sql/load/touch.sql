-- The customers whose profiles the staged versions of one entity (delta_${table}) change: each
-- version's new owner and its previous one. Run after stage.sql, before prune.sql, for entities that belong to a customer.

-- the customers whose profiles this changes: the version's new owner and its previous one
INSERT INTO touched
SELECT customer_key FROM delta_${table} WHERE customer_key IS NOT NULL
UNION ALL
SELECT t.customer_key FROM ${table} t SEMI JOIN delta_${table} d ON t.${key} = d.${key}
WHERE t.customer_key IS NOT NULL;
