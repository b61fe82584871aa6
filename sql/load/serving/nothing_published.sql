-- No chain yet (or a full rebuild): nothing published to compare with.
CREATE OR REPLACE TEMP TABLE serving_published (customer_key VARCHAR, row_hash UBIGINT, monetary_decile INTEGER);
