-- The reference of `./sendtime bench load`: the load's own feature queries (consents.sql, profiles.sql,
-- features.sql and the segment rules, run after this file) straight over the curated Parquet: each
-- table the load would materialize is a view over read_parquet that keeps the latest version per key.
-- The file lists are in DuckDB variables files_<table>, as for the load.

CREATE VIEW contacts AS SELECT * FROM read_parquet(getvariable('files_contacts'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY contact_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
CREATE VIEW customers AS SELECT * FROM read_parquet(getvariable('files_customers'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
CREATE VIEW checkouts AS SELECT * FROM read_parquet(getvariable('files_checkouts'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY checkout_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
CREATE VIEW orders AS SELECT * FROM read_parquet(getvariable('files_orders'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
CREATE VIEW events AS SELECT * FROM read_parquet(getvariable('files_events'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
-- the synthetic lake has no email events (curated_lake.sql): none here either, as in the load's table
CREATE TABLE email_events (customer_key VARCHAR, kind VARCHAR, occurred_at TIMESTAMPTZ);
-- no exchange rates are configured for the benchmark (every amount is in USD): the load's money_rates is the base alone
CREATE TABLE money_rates AS SELECT DATE '0001-01-01' AS rate_date, 'USD' AS currency, 1.0::DOUBLE AS rate, 2 AS minor_digits;
CREATE VIEW products AS
SELECT *, list_min(list_transform(variants, lambda v: v.price_minor)) AS price_minor,
       coalesce(list_sum(list_transform(variants, lambda v: v.inventory_quantity)), 0) AS stock
FROM read_parquet(getvariable('files_products'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;
CREATE VIEW order_items AS
SELECT order_id, line_no, customer_key, li.line_item_id, li.product_id, li.variant_id, li.sku, li.title,
       li.quantity, li.price_minor, li.price_minor * li.quantity AS line_total_minor, currency, created_at AS ordered_at
FROM (SELECT order_id, customer_key, currency, created_at,
             unnest(line_items) AS li, generate_subscripts(line_items, 1) AS line_no FROM orders);
CREATE VIEW consent_statements AS
SELECT DISTINCT customer_key, coalesce(getvariable('subscription_channels')[subscription_id], subscription_id) AS channel, status, 'crm:' || coalesce(source, 'unknown') AS source,
       subscription_record_id AS record_id, coalesce(status_at, updated_at) AS stated_at,
       status_at IS NOT NULL AS own_time
FROM read_parquet(getvariable('files_subscriptions'), union_by_name = true, hive_partitioning = false)
WHERE customer_key IS NOT NULL AND NOT is_deleted
UNION ALL
SELECT DISTINCT customer_key, 'marketing_email',
       CASE upper(email_marketing_state) WHEN 'SUBSCRIBED' THEN 'SUBSCRIBED' WHEN 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED'
            ELSE 'NOT_SPECIFIED' END,
       'commerce:' || coalesce(lower(email_marketing_opt_in_level), 'unknown'), 'customer:' || customer_id,
       coalesce(email_marketing_consent_updated_at, updated_at), email_marketing_consent_updated_at IS NOT NULL
FROM read_parquet(getvariable('files_customers'), union_by_name = true, hive_partitioning = false)
WHERE customer_key IS NOT NULL AND NOT is_deleted AND email_marketing_state IS NOT NULL;

CREATE TABLE touched_keys AS
SELECT customer_key FROM contacts WHERE customer_key IS NOT NULL
UNION SELECT customer_key FROM customers WHERE customer_key IS NOT NULL;

CREATE TABLE consents (customer_key VARCHAR, channel VARCHAR, status VARCHAR, source VARCHAR,
                       valid_from TIMESTAMPTZ, valid_to TIMESTAMPTZ, is_current BOOLEAN);
CREATE TABLE segment_definitions (name VARCHAR, priority INTEGER, rule_sql VARCHAR, description VARCHAR);
CREATE TABLE segment_memberships (customer_key VARCHAR, segment VARCHAR, is_primary BOOLEAN,
                                  since TIMESTAMPTZ, snapshot_version BIGINT);
