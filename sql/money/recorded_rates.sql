-- The exchange rates the warehouse has recorded (V8), oldest first.
SELECT base, rate_date, currency, rate FROM exchange_rates ORDER BY rate_date, currency
