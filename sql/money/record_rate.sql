-- One exchange rate, recorded by the load that first read it (io.sendtime.warehouse.RecordedRates).
INSERT INTO exchange_rates (base, rate_date, currency, rate, minor_digits, load_id)
VALUES (:base, :rateDate, :currency, :rate, :digits, :loadId)
