-- current price (the cheapest variant) and stock (all variants) of the changed products
UPDATE products
SET price_minor = list_min(list_transform(variants, lambda v: v.price_minor)),
    stock       = coalesce(list_sum(list_transform(variants, lambda v: v.inventory_quantity)), 0)
WHERE product_id IN (SELECT product_id FROM delta_products);
