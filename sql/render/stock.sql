-- Price and stock refreshed from the commerce API just before the render, appended by the renderer.
CREATE OR REPLACE TEMP TABLE render_stock (product_id BIGINT, price_minor BIGINT, stock BIGINT);
