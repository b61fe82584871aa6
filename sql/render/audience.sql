-- The recipients of one send, in temp tables of the render's transaction:
--   render_products   products with price and stock refreshed from the commerce API (render_stock,
--                     filled by the renderer; empty when the API failed: the last load's stock is used)
--   render_product_prices  each product's prices per currency as the shop states them: the refresh's for the
--                     products it refreshed, else the last load's (product_prices)
--   render_audience   the profiles in the campaign's segments (campaign_segments; none listed: everyone)
--                     that pass its SQL filter (${sql_filter}), features as of the render (render_at), with
--                     the reason a recipient gets no token set (consent and suppression), NULL when eligible;
--                     consent is the one refreshed from the sources just now (render_consent, consent.sql),
--                     else the last load's;
--                     a preview (only_customer) takes that one customer, in the audience or not;
--                     a send keeps only the columns audience_columns.sql lists (${audience_columns}), a preview all
--   render_bought     empty here: what each recipient bought, filled by bought.sql when a template reads
--                     $recommendations (the renderer scores them in memory, Recommender)
-- then recipients.sql makes render_recipients, what the renderer reads (RecipientSelection runs them all).
-- ${sql_filter} comes from the campaign's YAML (operator-written, like segment rules); the variables from
-- variables.sql; ${feature_arguments} (feature_arguments.sql, or nothing for a warehouse whose features macro
-- predates them) passes the parts of the features the filter or the kept columns read (feature_parts.sql,
-- render/FeatureParts.java).

CREATE OR REPLACE TEMP TABLE render_products AS
SELECT p.product_id, p.title, coalesce(s.price_minor, p.price_minor) AS price_minor, p.currency,
       coalesce(s.stock, p.stock) AS stock
FROM products p LEFT JOIN render_stock s USING (product_id)
WHERE NOT p.is_deleted;

CREATE OR REPLACE TEMP TABLE render_product_prices AS
SELECT product_id, currency, price_minor FROM render_stock_prices
UNION ALL
SELECT product_id, price.currency, price.price_minor
FROM (SELECT product_id, unnest(prices) AS price FROM product_prices
      WHERE NOT is_deleted AND product_id NOT IN (SELECT product_id FROM render_stock));

CREATE OR REPLACE TEMP TABLE render_audience AS
WITH memberships AS (
    SELECT customer_key, list(segment ORDER BY segment) AS segments,
           max(segment) FILTER (WHERE is_primary) AS primary_segment
    FROM segment_memberships GROUP BY customer_key
), audience AS (
SELECT f.* REPLACE (coalesce(c.status, f.consent_marketing_email) AS consent_marketing_email),
       coalesce(m.segments, []::VARCHAR[]) AS segments, m.primary_segment,
       CASE WHEN f.email IS NULL THEN 'no_email'
            WHEN f.suppressed_email THEN 'suppressed'
            WHEN coalesce(c.status, f.consent_marketing_email) = 'UNSUBSCRIBED' THEN 'unsubscribed'
            WHEN coalesce(c.status, f.consent_marketing_email) IS DISTINCT FROM 'SUBSCRIBED' THEN 'no_consent'
       END AS excluded_reason
FROM profile_features_at(getvariable('render_at') ${feature_arguments}) f
LEFT JOIN memberships m USING (customer_key)
LEFT JOIN render_consent c USING (customer_key)
WHERE CASE WHEN getvariable('only_customer') IS NOT NULL THEN f.customer_key = getvariable('only_customer')
           ELSE (len(getvariable('campaign_segments')) = 0
                 OR list_has_any(coalesce(m.segments, []::VARCHAR[]), getvariable('campaign_segments')))
                AND (${sql_filter}) END
)
SELECT ${audience_columns} FROM audience;

CREATE OR REPLACE TEMP TABLE render_bought (customer_key VARCHAR, product_ids BIGINT[]);
