-- A 1% delta on the lake of curated_run.sql (runs 1 to ${runs}), as one more transform run (${run}): every 100th
-- customer (i % 100 = 7) changes name in the CRM and the shop (1 in 10 of them is deleted in the shop; a record the
-- runs deleted stays deleted), places one new order and produces new events; ${orders} // 100 orders and
-- ${events} // 100 events in all.

SET VARIABLE run = :run::VARCHAR;

COPY (
    SELECT (1000000 + i)::VARCHAR AS contact_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name, 'Renamed' || i AS last_name,
           '+1613' || lpad((i % 10000000)::VARCHAR, 7, '0') AS phone_e164, 'City' || (i % 300) AS city,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, 'en' AS language,
           'customer' AS lifecycle_stage, NULL::BOOLEAN AS email_optout,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           TIMESTAMPTZ '2026-11-15 00:00:00+00' AS updated_at, false AS is_deleted, NULL::TIMESTAMPTZ AS deleted_at,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-15 01:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2026-11-15 00:00:00+00' AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM range(7, ${customers}, 100) t(i) WHERE NOT (hash(i, 'contacts') % 100 BETWEEN 2 AND ${runs})
) TO :contacts (FORMAT parquet);

COPY (
    SELECT (200000000 + i)::BIGINT AS customer_id, left(md5('c' || i), 16) AS customer_key,
           'user' || i || '@example.com' AS email, sha256('user' || i || '@example.com') AS email_sha256,
           'First' || (i % 5000) AS first_name, 'Renamed' || i AS last_name, NULL::VARCHAR AS phone_e164,
           'enabled' AS state, ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + i % 6] AS currency, NULL::VARCHAR AS tags,
           true AS verified_email, 'SUBSCRIBED' AS email_marketing_state, 'SINGLE_OPT_IN' AS email_marketing_opt_in_level,
           TIMESTAMPTZ '2026-11-15 00:00:00+00' AS email_marketing_consent_updated_at,
           'City' || (i % 300) AS city, NULL::VARCHAR AS province,
           ['US', 'DE', 'FR', 'GB', 'PL', 'JP'][1 + i % 6] AS country_code, NULL::VARCHAR AS zip,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 20000000) AS created_at,
           TIMESTAMPTZ '2026-11-15 00:00:00+00' AS updated_at,
           i % 1000 = 7 AS is_deleted, CASE WHEN i % 1000 = 7 THEN TIMESTAMPTZ '2026-11-15 00:00:00+00' END AS deleted_at,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-15 01:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2026-11-15 00:00:00+00' AS _source_updated_at, getvariable('run') AS _transform_run_id
    FROM range(7, ${customers}, 100) t(i) WHERE NOT (hash(i, 'customers') % 100 BETWEEN 2 AND ${runs})
) TO :customers (FORMAT parquet);

COPY (
    SELECT ${orders} + n AS order_id, '#' || (${orders} + n) AS order_name, (200000000 + c)::BIGINT AS customer_id,
           left(md5('c' || c), 16) AS customer_key, NULL::VARCHAR AS email_sha256,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS created_at,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS updated_at,
           NULL::TIMESTAMPTZ AS processed_at, NULL::TIMESTAMPTZ AS cancelled_at, NULL::VARCHAR AS cancel_reason,
           false AS is_cancelled, ['USD', 'EUR', 'EUR', 'GBP', 'PLN', 'JPY'][1 + c % 6] AS currency,
           4200::BIGINT AS total_minor, 4200::BIGINT AS subtotal_minor, 0::BIGINT AS tax_minor,
           0::BIGINT AS discounts_minor, 'paid' AS financial_status, NULL::VARCHAR AS fulfillment_status,
           [{'line_item_id': (${orders} + n) * 10, 'product_id': (632000000 + n % ${products})::BIGINT,
             'variant_id': NULL::BIGINT, 'sku': NULL::VARCHAR, 'title': 'Item', 'quantity': 1,
             'price_minor': 4200::BIGINT}] AS line_items,
           false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-15 01:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM (SELECT n, 7 + (n * 100) % ${customers} AS c FROM range(${orders} // 100) t(n))
) TO :orders (FORMAT parquet);

COPY (
    SELECT 'evt_d' || n AS event_id, 'product_viewed' AS type, (200000000 + c)::BIGINT AS customer_id,
           left(md5('c' || c), 16) AS customer_key, 'sd' || n AS session_id,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS occurred_at,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS created_at,
           (632000000 + hash(n) % ${products})::BIGINT AS product_id, NULL::BIGINT AS variant_id,
           NULL::VARCHAR AS search_query, false AS is_deleted,
           getvariable('run') AS _raw_run_id, TIMESTAMPTZ '2026-11-15 01:00:00+00' AS _extracted_at,
           TIMESTAMPTZ '2026-11-14 00:00:00+00' + to_seconds(n % 86000) AS _source_updated_at,
           getvariable('run') AS _transform_run_id
    FROM (SELECT n, 7 + (n * 100) % ${customers} AS c FROM range(${events} // 100) t(n))
) TO :storefront_events (FORMAT parquet);
