-- The reference of `./sendtime bench load`: the same outputs as the load's full rebuild (consents, profiles, the
-- feature views, segment memberships) over the same multi-version curated Parquet (the file lists in the DuckDB
-- variables files_<table>, as for the load), by the plan a careful analyst would write: every entity read once,
-- deduplicated once to its latest version per key (the transform's version order, as sql/load/keep_latest.sql)
-- into a table of the reference's own DuckDB file (stored compressed, like the load's: as temp tables, kept
-- uncompressed in memory, the 300k-customer reference ran 34.2 s against 32.6 s), its tombstones kept as rows with
-- is_deleted, which the feature queries leave out, as the load's tables do; the consent statements from every version
-- (each one states something), read once. Then
-- consents.sql, profiles.sql, features.sql and the segment rules run over these tables (LoadBenchmark).

CREATE TABLE contacts AS
SELECT * FROM read_parquet(getvariable('files_contacts'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY contact_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

-- every version of a customer is a consent statement: the versions are read once, kept, and deduplicated from there
CREATE TABLE customer_versions AS
SELECT * FROM read_parquet(getvariable('files_customers'), union_by_name = true, hive_partitioning = false);
CREATE TABLE customers AS
SELECT * FROM customer_versions
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

CREATE TABLE subscription_versions AS
SELECT * FROM read_parquet(getvariable('files_subscriptions'), union_by_name = true, hive_partitioning = false);

CREATE TABLE checkouts AS
SELECT * FROM read_parquet(getvariable('files_checkouts'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY checkout_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

CREATE TABLE orders AS
SELECT * FROM read_parquet(getvariable('files_orders'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

CREATE TABLE order_items AS
SELECT order_id, line_no, customer_key, li.line_item_id, li.product_id, li.variant_id, li.sku, li.title,
       li.quantity, li.price_minor, li.price_minor * li.quantity AS line_total_minor, currency, created_at AS ordered_at
FROM (SELECT order_id, customer_key, currency, created_at,
             unnest(line_items) AS li, generate_subscripts(line_items, 1) AS line_no FROM orders);

CREATE TABLE events AS
SELECT * FROM read_parquet(getvariable('files_events'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

-- current price and stock by the product price rule (sql/load/after/products.sql)
CREATE TABLE products AS
SELECT *, list_min(list_transform(variants, lambda v: v.price_minor)) AS price_minor,
       coalesce(list_sum(list_transform(variants, lambda v: greatest(coalesce(v.inventory_quantity, 0), 0))), 0) AS stock
FROM read_parquet(getvariable('files_products'), union_by_name = true, hive_partitioning = false)
QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY _source_updated_at DESC, _extracted_at DESC, _raw_run_id DESC) = 1;

-- the synthetic lake has no email events (curated_run.sql): none here either, as in the load's table
CREATE TEMP TABLE email_events (customer_key VARCHAR, kind VARCHAR, occurred_at TIMESTAMPTZ);
-- no exchange rates are configured for the benchmark (every amount is in USD): the load's money_rates is the base alone
CREATE TEMP TABLE money_rates AS
SELECT DATE '0001-01-01' AS rate_date, 'USD' AS currency, 1.0::DOUBLE AS rate, 2 AS minor_digits;

-- the statements, by the load's rules (sql/load/after/subscriptions.sql, customers.sql, contacts.sql)
CREATE TABLE consent_statements AS
SELECT DISTINCT customer_key,
       CASE WHEN subscription_id = 'all_email' THEN 'marketing_email'
            ELSE coalesce(getvariable('subscription_channels')[subscription_id], subscription_id) END AS channel,
       status, 'crm:' || coalesce(source, 'unknown') AS source, subscription_record_id AS record_id,
       coalesce(status_at, updated_at) AS stated_at, status_at IS NOT NULL AS own_time
FROM subscription_versions
WHERE customer_key IS NOT NULL AND NOT is_deleted
UNION
SELECT DISTINCT customer_key, 'marketing_email',
       CASE upper(email_marketing_state) WHEN 'SUBSCRIBED' THEN 'SUBSCRIBED' WHEN 'UNSUBSCRIBED' THEN 'UNSUBSCRIBED'
            ELSE 'NOT_SPECIFIED' END,
       'commerce:' || coalesce(lower(email_marketing_opt_in_level), 'unknown'), 'customer:' || customer_id,
       coalesce(email_marketing_consent_updated_at, updated_at), email_marketing_consent_updated_at IS NOT NULL
FROM customer_versions
WHERE customer_key IS NOT NULL AND NOT is_deleted AND email_marketing_state IS NOT NULL
UNION
SELECT DISTINCT customer_key, 'marketing_email', 'UNSUBSCRIBED', 'crm:email_optout', 'contact:' || contact_id,
       updated_at, true
FROM read_parquet(getvariable('files_contacts'), union_by_name = true, hive_partitioning = false)
WHERE customer_key IS NOT NULL AND NOT is_deleted AND email_optout AND updated_at IS NOT NULL;

-- the versions were read for the statements only
DROP TABLE customer_versions;
DROP TABLE subscription_versions;

-- everyone with a contact or a customer (deleted ones too: profiles.sql finds no live record and makes no profile)
CREATE TEMP TABLE touched_keys AS
SELECT customer_key FROM contacts WHERE customer_key IS NOT NULL
UNION SELECT customer_key FROM customers WHERE customer_key IS NOT NULL;

CREATE TEMP TABLE consents (customer_key VARCHAR, channel VARCHAR, status VARCHAR, source VARCHAR,
                            valid_from TIMESTAMPTZ, valid_to TIMESTAMPTZ, is_current BOOLEAN);
CREATE TEMP TABLE segment_definitions (name VARCHAR, priority INTEGER, rule_sql VARCHAR, description VARCHAR);
CREATE TEMP TABLE segment_memberships (customer_key VARCHAR, segment VARCHAR, is_primary BOOLEAN,
                                       since TIMESTAMPTZ, snapshot_version BIGINT);
