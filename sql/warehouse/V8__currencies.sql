-- sendtime warehouse, version 8: one currency per email.
--  * exchange_rates: the dated rates of sendtime.money.exchange-rates, recorded by the load that first read them and
--    never changed (a rate is chosen by date, so an incremental load equals a rebuild); rate = units of the currency
--    one unit of the base buys on rate_date.
--  * product_prices: each product's price per currency as the shop states it (Shopify's presentment prices): the
--    cheapest variant's, by the product price rule.
--  * converted_orders: orders in another currency than the profile's, converted by their date into its money features.
--  * render_summaries: the date of the newest rate a send's conversions used, how many money values were converted,
--    and how many could not be (no rate: left out of the email).
CREATE TABLE exchange_rates (
    base          VARCHAR NOT NULL,
    rate_date     DATE NOT NULL,
    currency      VARCHAR NOT NULL,
    rate          DECIMAL(24, 10) NOT NULL,
    minor_digits  INTEGER NOT NULL,           -- ISO 4217 fraction digits of currency
    load_id       BIGINT NOT NULL,            -- the load that recorded it
    PRIMARY KEY (rate_date, currency)
);

CREATE TABLE product_prices (
    product_id BIGINT,
    prices STRUCT(currency VARCHAR, price_minor BIGINT, compare_at_price_minor BIGINT)[],
    updated_at TIMESTAMPTZ,
    is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

ALTER TABLE profiles ADD COLUMN converted_orders BIGINT DEFAULT 0;
ALTER TABLE profile_snapshots ADD COLUMN converted_orders BIGINT;

ALTER TABLE render_summaries ADD COLUMN currency_rates_date DATE;
ALTER TABLE render_summaries ADD COLUMN money_converted BIGINT DEFAULT 0;
ALTER TABLE render_summaries ADD COLUMN money_unconvertible BIGINT DEFAULT 0;
