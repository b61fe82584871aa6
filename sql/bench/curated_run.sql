-- One curated transform run of the synthetic lake of `./sendtime bench load` (io.sendtime.bench.LoadBenchmark), run
-- number :runNo (bound) of several, named ${run} (each entity's file a bound parameter named after it).
-- Run 1 writes every key: ${customers} customers in both systems, two subscriptions each, ${products} products,
-- ${orders} orders (1-3 line items), ${events} storefront events, a checkout for every 4th customer.
-- Each later run r (extracted 4 days after the one before) writes, per entity, a new version of about 20% of the
-- keys (hash(key, entity, r) % 5 = 0: new names and cities, consent changes, price changes, orders cancelled or
-- fulfilled, carts moved on or completed; storefront events, which never change, are re-extracted as-is) and a
-- deletion (the curated tombstone: the whole row with is_deleted, and deleted_at where the entity has it) of about 1%
-- (hash(key, entity) % 100 = r); a key deleted in a run appears in no later run. So a full rebuild reads several
-- versions of a key and must keep the latest (sql/load/keep_latest.sql) and honour the tombstones.
-- Same columns and types as the curated Avro schemas; deterministic (hash-based), no randomness.

SET VARIABLE run = :run::VARCHAR;
SET VARIABLE run_no = :runNo::INTEGER;
-- when this run extracted; a later run's new versions were updated at the source in the day before
SET VARIABLE extracted_at = TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_days(4 * (getvariable('run_no') - 1));
-- the keys of an entity this run writes (d: the key's deletion draw, picked: drawn for a new version in this run)
CREATE OR REPLACE TEMP MACRO in_run(d, picked) AS getvariable('run_no') = 1
    OR ((picked OR d = getvariable('run_no')) AND NOT (d BETWEEN 2 AND getvariable('run_no') - 1));
CREATE OR REPLACE TEMP MACRO deleted_now(d) AS getvariable('run_no') > 1 AND d = getvariable('run_no');
-- the source update time of a later run's version
CREATE OR REPLACE TEMP MACRO version_at(h) AS getvariable('extracted_at') - INTERVAL 1 DAY + to_seconds(h % 86000);

COPY (
    SELECT (1000000 + i)::VARCHAR AS contact_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name,
           CASE WHEN first THEN 'Last' || (i % 7919) ELSE 'Last' || (i % 7919) || '-' || getvariable('run_no') END
               AS last_name,
           '+1613' || lpad((i % 10000000)::VARCHAR, 7, '0') AS phone_e164,
           'City' || ((i + getvariable('run_no') - 1) % 300) AS city,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, 'en' AS language,
           'customer' AS lifecycle_stage, NULL::BOOLEAN AS email_optout,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           v AS updated_at, deleted AS is_deleted, CASE WHEN deleted THEN v END AS deleted_at,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (SELECT *, CASE WHEN first THEN TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000)
                         ELSE version_at(hash(i, 'contacts')) END AS v
          FROM (SELECT i, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                FROM (SELECT i, hash(i, 'contacts') % 100 AS d,
                             hash(i, 'contacts', getvariable('run_no')) % 5 = 0 AS picked FROM range(${customers}) t(i))
                WHERE in_run(d, picked)))
) TO :contacts (FORMAT parquet);

COPY (
    SELECT (200000000 + i)::BIGINT AS customer_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name,
           CASE WHEN first THEN 'Last' || (i % 7919) ELSE 'Last' || (i % 7919) || '-' || getvariable('run_no') END
               AS last_name, NULL::VARCHAR AS phone_e164,
           'enabled' AS state, ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + i % 6] AS currency, NULL::VARCHAR AS tags,
           true AS verified_email,
           CASE WHEN (i + getvariable('run_no') - 1) % 10 = 0 THEN 'UNSUBSCRIBED' ELSE 'SUBSCRIBED' END
               AS email_marketing_state,
           'SINGLE_OPT_IN' AS email_marketing_opt_in_level,
           CASE WHEN first THEN TIMESTAMPTZ '2024-02-01 00:00:00+00' + to_seconds(i % 20000000) ELSE v END
               AS email_marketing_consent_updated_at,
           'City' || ((i + getvariable('run_no') - 1) % 300) AS city, NULL::VARCHAR AS province,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, NULL::VARCHAR AS zip,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           v AS updated_at, deleted AS is_deleted, CASE WHEN deleted THEN v END AS deleted_at,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (SELECT *, CASE WHEN first THEN TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000)
                         ELSE version_at(hash(i, 'customers')) END AS v
          FROM (SELECT i, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                FROM (SELECT i, hash(i, 'customers') % 100 AS d,
                             hash(i, 'customers', getvariable('run_no')) % 5 = 0 AS picked FROM range(${customers}) t(i))
                WHERE in_run(d, picked)))
) TO :customers (FORMAT parquet);

COPY (
    SELECT (1000000 + i // 2)::VARCHAR || ':' || s AS subscription_record_id, (1000000 + i // 2)::VARCHAR AS contact_id,
           left(md5('c' || (i // 2)), 16) AS customer_key, 'user' || (i // 2) || '@example.com' AS email,
           sha256('user' || (i // 2) || '@example.com') AS email_sha256, s AS subscription_id, s AS subscription_name,
           CASE WHEN hash(i, getvariable('run_no')) % 20 = 0 THEN 'UNSUBSCRIBED' ELSE 'SUBSCRIBED' END AS status,
           CASE WHEN hash(i) % 100 = 0 THEN 'bounce' ELSE 'preference_center' END AS source,
           v AS status_at, v AS updated_at, deleted AS is_deleted,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (SELECT *, CASE WHEN i % 2 = 0 THEN 'marketing_email' ELSE 'product_updates' END AS s,
                 CASE WHEN first THEN TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i % 20000000)
                      ELSE version_at(hash(i, 'subscriptions')) END AS v
          FROM (SELECT i, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                FROM (SELECT i, hash(i, 'subscriptions') % 100 AS d,
                             hash(i, 'subscriptions', getvariable('run_no')) % 5 = 0 AS picked
                      FROM range(2 * ${customers}) t(i))
                WHERE in_run(d, picked)))
) TO :subscriptions (FORMAT parquet);

COPY (
    SELECT (632000000 + i)::BIGINT AS product_id, 'Product ' || i AS title, 'product-' || i AS handle,
           ['running_shoes', 'jackets', 'watches', 't_shirts', 'backpacks', 'socks', 'yoga_mats', 'water_bottles'][1 + i % 8]
               AS category, NULL::VARCHAR AS product_type, 'Vendor' || (i % 40) AS vendor, NULL::VARCHAR AS tags,
           'active' AS status, 'USD' AS currency, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS created_at,
           v AS updated_at,
           [{'variant_id': (808000000 + i)::BIGINT, 'title': 'Default', 'sku': 'SKU' || i,
             'price_minor': (1000 + hash(i) % 20000 + 100 * (getvariable('run_no') - 1))::BIGINT,
             'compare_at_price_minor': NULL::BIGINT,
             'inventory_quantity': (hash(i, getvariable('run_no')) % 500)::BIGINT, 'updated_at': v}]
               AS variants,
           deleted AS is_deleted,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (SELECT *, CASE WHEN first THEN TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i)
                         ELSE version_at(hash(i, 'products')) END AS v
          FROM (SELECT i, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                FROM (SELECT i, hash(i, 'products') % 100 AS d,
                             hash(i, 'products', getvariable('run_no')) % 5 = 0 AS picked FROM range(${products}) t(i))
                WHERE in_run(d, picked)))
) TO :products (FORMAT parquet);

-- a later run's version of an order: 1 in 5 cancelled by the customer, the others fulfilled
COPY (
    SELECT o AS order_id, '#' || o AS order_name, (200000000 + c)::BIGINT AS customer_id,
           left(md5('c' || c), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
           created_at, v AS updated_at, created_at AS processed_at,
           CASE WHEN cancelled THEN CASE WHEN first THEN created_at + INTERVAL 1 DAY ELSE v END END AS cancelled_at,
           CASE WHEN cancelled THEN 'customer' END AS cancel_reason, cancelled AS is_cancelled,
           ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + c % 6] AS currency,
           total AS total_minor, total AS subtotal_minor, 0::BIGINT AS tax_minor, 0::BIGINT AS discounts_minor,
           'paid' AS financial_status, CASE WHEN NOT first THEN 'fulfilled' END AS fulfillment_status, line_items,
           deleted AS is_deleted,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (
        SELECT o, c, created_at, line_items, first, deleted,
               CASE WHEN first THEN created_at ELSE version_at(hash(o, 'orders')) END AS v,
               CASE WHEN first THEN o % 50 = 0 ELSE o % 50 = 0 OR hash(o, 'cancel') % 5 = 0 END AS cancelled,
               list_sum(list_transform(line_items, lambda li: li.price_minor * li.quantity))::BIGINT AS total
        FROM (
            SELECT o, (hash(o) % ${customers})::BIGINT AS c, first, deleted,
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(o * 7) % 86000000) AS created_at,
                   list_transform(range((1 + hash(o) % 3)::BIGINT), lambda k: {
                       'line_item_id': (o * 10 + k)::BIGINT,
                       'product_id': (632000000 + hash(o * 31 + k) % ${products} * (1 + k) % ${products})::BIGINT,
                       'variant_id': NULL::BIGINT, 'sku': NULL::VARCHAR, 'title': 'Item',
                       'quantity': (1 + k)::INTEGER, 'price_minor': (1000 + hash(o + k) % 9000)::BIGINT}) AS line_items
            FROM (SELECT o, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                  FROM (SELECT o, hash(o, 'orders') % 100 AS d,
                               hash(o, 'orders', getvariable('run_no')) % 5 = 0 AS picked FROM range(${orders}) t(o))
                  WHERE in_run(d, picked))))
) TO :orders (FORMAT parquet);

-- a later run's version of a checkout: 1 in 3 completed, the others updated (the cart moved on)
COPY (
    SELECT (900000000 + i)::BIGINT AS checkout_id, (200000000 + i * 4)::BIGINT AS customer_id,
           left(md5('c' || (i * 4)), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
           TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_seconds(hash(i) % 13000000) AS created_at,
           v AS updated_at, CASE WHEN NOT first AND hash(i, 'complete') % 3 = 0 THEN v END AS completed_at,
           'USD' AS currency, 5000::BIGINT AS total_minor,
           [{'product_id': (632000000 + i % ${products})::BIGINT, 'variant_id': NULL::BIGINT, 'title': 'Item',
             'quantity': 1, 'price_minor': 5000::BIGINT}] AS line_items,
           deleted AS is_deleted,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           v AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (SELECT *, CASE WHEN first THEN TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_seconds(hash(i) % 13000000)
                         ELSE version_at(hash(i, 'checkouts')) END AS v
          FROM (SELECT i, getvariable('run_no') = 1 AS first, deleted_now(d) AS deleted
                FROM (SELECT i, hash(i, 'checkouts') % 100 AS d,
                             hash(i, 'checkouts', getvariable('run_no')) % 5 = 0 AS picked
                      FROM range(${customers} // 4) t(i))
                WHERE in_run(d, picked)))
) TO :checkouts (FORMAT parquet);

-- storefront events never change: a later run re-extracts about 20% of them as they were (a lookback), a newer
-- extraction of the same version
COPY (
    SELECT 'evt_' || i AS event_id,
           CASE WHEN i % 10 < 7 THEN 'product_viewed' WHEN i % 10 < 9 THEN 'added_to_cart' ELSE 'searched' END AS type,
           (200000000 + hash(i // 8) % ${customers})::BIGINT AS customer_id,
           left(md5('c' || (hash(i // 8) % ${customers})), 16) AS customer_key, 's' || (i // 8) AS session_id,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS occurred_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS created_at,
           CASE WHEN i % 10 < 9 THEN (632000000 + hash(i) % ${products})::BIGINT END AS product_id,
           NULL::BIGINT AS variant_id, CASE WHEN i % 10 = 9 THEN 'query' END AS search_query, false AS is_deleted,
           getvariable('run') AS _raw_run_id, getvariable('extracted_at') AS _extracted_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM range(${events}) t(i)
    WHERE getvariable('run_no') = 1 OR hash(i, 'storefront_events', getvariable('run_no')) % 5 = 0
) TO :storefront_events (FORMAT parquet);
