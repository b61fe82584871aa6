-- product_prices: the curated product_prices, latest version per product_id (the synthetic lake has none)
{{ config(unique_key='product_id') }}
{{ curated_latest('product_prices', 'product_id', empty="
select NULL::BIGINT AS product_id,
       NULL::STRUCT(currency VARCHAR, price_minor BIGINT, compare_at_price_minor BIGINT)[] AS prices,
       NULL::TIMESTAMPTZ AS updated_at, NULL::BOOLEAN AS is_deleted, NULL::VARCHAR AS _raw_run_id,
       NULL::TIMESTAMPTZ AS _extracted_at, NULL::TIMESTAMPTZ AS _source_updated_at, NULL::VARCHAR AS _transform_run_id,
       NULL::BIGINT AS _dbt_load_id
where false") }}
