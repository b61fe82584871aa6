-- current price and stock of the changed products, by the product price rule (io.sendtime.model.ProductPricing:
-- the cheapest priced variant's price; the stock of all variants, an oversold variant counting as none)
UPDATE products
SET price_minor = list_min(list_transform(variants, lambda v: v.price_minor)),
    stock       = coalesce(list_sum(list_transform(variants, lambda v: greatest(coalesce(v.inventory_quantity, 0), 0))), 0)
WHERE product_id IN (SELECT product_id FROM delta_products);
