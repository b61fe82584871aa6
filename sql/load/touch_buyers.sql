-- New exchange rates can change the money features of anyone with an order: their profiles are recomputed.
INSERT INTO touched SELECT DISTINCT customer_key FROM orders WHERE customer_key IS NOT NULL;
