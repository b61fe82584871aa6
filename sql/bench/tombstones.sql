-- Keys the full rebuild kept as tombstones (deleted at the source) in the customer-owned entity tables.
SELECT (SELECT count(*) FROM contacts WHERE is_deleted) + (SELECT count(*) FROM customers WHERE is_deleted)
     + (SELECT count(*) FROM subscriptions WHERE is_deleted) + (SELECT count(*) FROM orders WHERE is_deleted)
     + (SELECT count(*) FROM checkouts WHERE is_deleted);
