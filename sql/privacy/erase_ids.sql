-- The identifiers of the person being erased (kind: customer_key, email, email_sha256, crm, commerce),
-- filled by WarehouseErasure, for delete_by.sql and person.sql.
CREATE OR REPLACE TEMP TABLE erase_ids (kind VARCHAR, value VARCHAR);
