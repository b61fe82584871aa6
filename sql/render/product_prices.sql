-- The render's product prices per currency as the shop states them (audience.sql), for the renderer (EmailMoney).
SELECT product_id, currency, price_minor FROM render_product_prices
