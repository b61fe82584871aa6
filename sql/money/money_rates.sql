-- money_rates: the recorded exchange rates (exchange_rates) with the base currency at 1 since always, as
-- DOUBLE for the load's conversions (sql/load/profiles.sql); the loader binds the base and its minor digits.
CREATE OR REPLACE TEMP TABLE money_rates AS
SELECT rate_date, currency, rate::DOUBLE AS rate, minor_digits FROM exchange_rates
UNION ALL
SELECT DATE '0001-01-01', :base, 1.0, :baseDigits;
