-- A synthetic published render for `./sendtime bench api`: ${recipients} recipients of campaign bench, send s1, in the
-- columns a render's export has (schemas/export/token_sets.avsc, render.ExportFiles), with token values the size of a real win-back render's (an
-- HTML list of three products included), written where a render writes its export (the file a bound parameter).
-- Deterministic: recipient i has the customer key left(md5('c' || i), 16) and the address user<i>@example.com.
COPY (
    SELECT left(md5('c' || i), 16) AS customer_key, 'user' || i || '@example.com' AS email,
           CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS variant,
           MAP {'first_name': 'First' || (i % 5000),
                'subject': 'First' || (i % 5000) || ', it has been a while',
                'last_order_date': strftime(DATE '2026-01-01' + (i % 300)::INTEGER, '%m/%d/%Y'),
                'favorite_category': ['Watches', 'Shoes', 'Running', 'Outdoor'][1 + i % 4],
                'recommended_products': '<ul class="products">' || chr(10)
                    || '  <li><span class="title">Product ' || (i % 997) || '</span> <span class="price">$'
                    || (10 + i % 90) || '.00</span></li>' || chr(10)
                    || '  <li><span class="title">Product ' || (i % 991) || '</span> <span class="price">$'
                    || (20 + i % 80) || '.00</span></li>' || chr(10)
                    || '  <li><span class="title">Product ' || (i % 983) || '</span> <span class="price">$'
                    || (30 + i % 70) || '.00</span></li>' || chr(10) || '</ul>'} AS tokens,
           TIMESTAMPTZ '2026-11-30 00:00:00+00' AS consent_checked_at,
           MAP {'sendtime_campaign': 'bench', 'sendtime_send': 's1', 'sendtime_customer': left(md5('c' || i), 16)}
               AS custom_args
    FROM range(${recipients}) t(i)
) TO :tokenSets (FORMAT parquet);
