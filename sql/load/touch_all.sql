-- A full rebuild: a profile needs a contact or a customer; everyone else already in touched is closed if gone.
INSERT INTO touched SELECT customer_key FROM contacts UNION ALL SELECT customer_key FROM customers;
