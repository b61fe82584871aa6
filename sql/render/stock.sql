-- Price and stock refreshed from the commerce API just before the render, appended by the renderer, with each
-- refreshed product's prices per currency as the shop states them (presentment prices).
CREATE OR REPLACE TEMP TABLE render_stock (product_id BIGINT, price_minor BIGINT, stock BIGINT);
CREATE OR REPLACE TEMP TABLE render_stock_prices (product_id BIGINT, currency VARCHAR, price_minor BIGINT);
