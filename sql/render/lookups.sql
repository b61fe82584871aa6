-- What a render resolved its recipients' contexts against, published with its export for open-time content
-- (sendtime serve, GET /v1/content: io.sendtime.render.RenderLookups), into <render>/lookups/ so that the send's
-- _current.json covers them; the server never opens the warehouse. The same rows EmailMoney.load and
-- Recommender.load read (products.sql, product_prices.sql, top_pairs.sql, money/recorded_rates.sql); rates and
-- their dates as text, exactly as recorded. The files are bound parameters.
COPY (SELECT product_id::BIGINT AS product_id, title, price_minor::BIGINT AS price_minor, currency, stock::BIGINT AS stock
      FROM render_products ORDER BY product_id)
TO :productsFile (FORMAT parquet);

COPY (SELECT product_id::BIGINT AS product_id, currency, price_minor::BIGINT AS price_minor
      FROM render_product_prices ORDER BY product_id, currency)
TO :pricesFile (FORMAT parquet);

COPY (SELECT product_id::BIGINT AS product_id, other_product_id::BIGINT AS other_product_id,
             orders_together::BIGINT AS orders_together
      FROM product_top_pairs ORDER BY product_id, other_product_id)
TO :pairsFile (FORMAT parquet);

COPY (SELECT base, rate_date::VARCHAR AS rate_date, currency, rate::VARCHAR AS rate
      FROM exchange_rates ORDER BY rate_date, currency)
TO :ratesFile (FORMAT parquet);
