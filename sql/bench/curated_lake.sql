-- A synthetic curated lake for `./sendtime bench load`: ${customers} customers in both systems, two
-- subscriptions each, ${products} products, ${orders} orders (1-3 line items), ${events} storefront
-- events, a checkout for every 4th customer, as one transform run (${run}) written under the curated directory (each
-- entity's file a bound parameter named after it).
-- Same columns and types as the curated Avro schemas; deterministic (hash-based), no randomness.

SET VARIABLE run = :run::VARCHAR;

COPY (
    SELECT (1000000 + i)::VARCHAR AS contact_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name, 'Last' || (i % 7919) AS last_name,
           '+1613' || lpad((i % 10000000)::VARCHAR, 7, '0') AS phone_e164, 'City' || (i % 300) AS city,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, 'en' AS language,
           'customer' AS lifecycle_stage, NULL::BOOLEAN AS email_optout,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000) AS updated_at,
           false AS is_deleted, NULL::TIMESTAMPTZ AS deleted_at,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM range(${customers}) t(i)
) TO :contacts (FORMAT parquet);

COPY (
    SELECT (200000000 + i)::BIGINT AS customer_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name, 'Last' || (i % 7919) AS last_name, NULL::VARCHAR AS phone_e164,
           'enabled' AS state, ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + i % 6] AS currency, NULL::VARCHAR AS tags,
           true AS verified_email, CASE WHEN i % 10 = 0 THEN 'UNSUBSCRIBED' ELSE 'SUBSCRIBED' END AS email_marketing_state,
           'SINGLE_OPT_IN' AS email_marketing_opt_in_level,
           TIMESTAMPTZ '2024-02-01 00:00:00+00' + to_seconds(i % 20000000) AS email_marketing_consent_updated_at,
           'City' || (i % 300) AS city, NULL::VARCHAR AS province,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, NULL::VARCHAR AS zip,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000) AS updated_at,
           false AS is_deleted, NULL::TIMESTAMPTZ AS deleted_at,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_seconds(i % 20000000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM range(${customers}) t(i)
) TO :customers (FORMAT parquet);

COPY (
    SELECT (1000000 + i // 2)::VARCHAR || ':' || s AS subscription_record_id, (1000000 + i // 2)::VARCHAR AS contact_id,
           left(md5('c' || (i // 2)), 16) AS customer_key, 'user' || (i // 2) || '@example.com' AS email,
           sha256('user' || (i // 2) || '@example.com') AS email_sha256, s AS subscription_id, s AS subscription_name,
           CASE WHEN hash(i) % 20 = 0 THEN 'UNSUBSCRIBED' ELSE 'SUBSCRIBED' END AS status,
           CASE WHEN hash(i) % 100 = 0 THEN 'bounce' ELSE 'preference_center' END AS source,
           TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i % 20000000) AS status_at,
           TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i % 20000000) AS updated_at, false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i % 20000000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM (SELECT i, CASE WHEN i % 2 = 0 THEN 'marketing_email' ELSE 'product_updates' END AS s
          FROM range(2 * ${customers}) t(i))
) TO :subscriptions (FORMAT parquet);

COPY (
    SELECT (632000000 + i)::BIGINT AS product_id, 'Product ' || i AS title, 'product-' || i AS handle,
           ['running_shoes', 'jackets', 'watches', 't_shirts', 'backpacks', 'socks', 'yoga_mats', 'water_bottles'][1 + i % 8]
               AS category, NULL::VARCHAR AS product_type, 'Vendor' || (i % 40) AS vendor, NULL::VARCHAR AS tags,
           'active' AS status, 'USD' AS currency, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS created_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS updated_at,
           [{'variant_id': (808000000 + i)::BIGINT, 'title': 'Default', 'sku': 'SKU' || i,
             'price_minor': (1000 + hash(i) % 20000)::BIGINT, 'compare_at_price_minor': NULL::BIGINT,
             'inventory_quantity': (hash(i) % 500)::BIGINT, 'updated_at': TIMESTAMPTZ '2024-01-01 00:00:00+00'}]
               AS variants,
           false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM range(${products}) t(i)
) TO :products (FORMAT parquet);

COPY (
    SELECT o AS order_id, '#' || o AS order_name, (200000000 + c)::BIGINT AS customer_id,
           left(md5('c' || c), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
           created_at, created_at AS updated_at, created_at AS processed_at,
           CASE WHEN o % 50 = 0 THEN created_at + INTERVAL 1 DAY END AS cancelled_at,
           CASE WHEN o % 50 = 0 THEN 'customer' END AS cancel_reason, o % 50 = 0 AS is_cancelled,
           ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + c % 6] AS currency,
           total AS total_minor, total AS subtotal_minor, 0::BIGINT AS tax_minor, 0::BIGINT AS discounts_minor,
           'paid' AS financial_status, NULL::VARCHAR AS fulfillment_status, line_items, false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           created_at AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM (
        SELECT o, c, created_at, line_items,
               list_sum(list_transform(line_items, lambda li: li.price_minor * li.quantity))::BIGINT AS total
        FROM (
            SELECT o, (hash(o) % ${customers})::BIGINT AS c,
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(o * 7) % 86000000) AS created_at,
                   list_transform(range((1 + hash(o) % 3)::BIGINT), lambda k: {
                       'line_item_id': (o * 10 + k)::BIGINT,
                       'product_id': (632000000 + hash(o * 31 + k) % ${products} * (1 + k) % ${products})::BIGINT,
                       'variant_id': NULL::BIGINT, 'sku': NULL::VARCHAR, 'title': 'Item',
                       'quantity': (1 + k)::INTEGER, 'price_minor': (1000 + hash(o + k) % 9000)::BIGINT}) AS line_items
            FROM range(${orders}) t(o)))
) TO :orders (FORMAT parquet);

COPY (
    SELECT (900000000 + i)::BIGINT AS checkout_id, (200000000 + i * 4)::BIGINT AS customer_id,
           left(md5('c' || (i * 4)), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
           TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_seconds(hash(i) % 13000000) AS created_at,
           TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_seconds(hash(i) % 13000000) AS updated_at,
           NULL::TIMESTAMPTZ AS completed_at, 'USD' AS currency, 5000::BIGINT AS total_minor,
           [{'product_id': (632000000 + i % ${products})::BIGINT, 'variant_id': NULL::BIGINT, 'title': 'Item',
             'quantity': 1, 'price_minor': 5000::BIGINT}] AS line_items,
           false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_seconds(hash(i) % 13000000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM range(${customers} // 4) t(i)
) TO :checkouts (FORMAT parquet);

COPY (
    SELECT 'evt_' || i AS event_id,
           CASE WHEN i % 10 < 7 THEN 'product_viewed' WHEN i % 10 < 9 THEN 'added_to_cart' ELSE 'searched' END AS type,
           (200000000 + hash(i // 8) % ${customers})::BIGINT AS customer_id,
           left(md5('c' || (hash(i // 8) % ${customers})), 16) AS customer_key, 's' || (i // 8) AS session_id,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS occurred_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS created_at,
           CASE WHEN i % 10 < 9 THEN (632000000 + hash(i) % ${products})::BIGINT END AS product_id,
           NULL::BIGINT AS variant_id, CASE WHEN i % 10 = 9 THEN 'query' END AS search_query, false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(hash(i // 8) % 89000000 + i % 8 * 60) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM range(${events}) t(i)
) TO :storefront_events (FORMAT parquet);
