-- The render's products with refreshed price and stock (audience.sql), for the renderer's lookups.
SELECT product_id, title, price_minor, currency, stock FROM render_products
