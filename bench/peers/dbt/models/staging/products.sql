-- products: the curated products, latest version per product_id, with the current price and stock computed the
-- way sql/load/after/products.sql updates them (the cheapest variant's price; all variants' stock, oversold as 0).
-- (sql/load/before/products.sql notes customers to recompute when a category moves: the marts here recompute
-- everyone, so it has no counterpart.)
{{ config(unique_key='product_id') }}
{{ curated_latest('products', 'product_id',
    extra_columns=", list_min(list_transform(v.variants, lambda x: x.price_minor)) AS price_minor"
                  ~ ", coalesce(list_sum(list_transform(v.variants, lambda x: greatest(coalesce(x.inventory_quantity, 0), 0))), 0) AS stock") }}
