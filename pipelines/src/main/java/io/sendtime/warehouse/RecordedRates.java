package io.sendtime.warehouse;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import io.sendtime.config.SqlFiles;
import io.sendtime.model.ExchangeRates;

/**
 * The exchange rates the warehouse has recorded (table {@code exchange_rates}): the load records the configured
 * rates it has not seen before and refuses a file that changes or drops a recorded one (rates are append-only:
 * features already computed with a rate must stay what a rebuild computes); the render converts with the
 * recorded ones, so a send and the profiles it reads agree.
 */
public final class RecordedRates {

    private RecordedRates() {}

    /** The recorded rates; none recorded: no rates, quoted against {@code base}. */
    public static ExchangeRates read(Handle h, String base) {
        List<ExchangeRates.Rate> rates = new ArrayList<>();
        String[] recordedBase = {null};
        h.createQuery(SqlFiles.text("money/recorded_rates.sql")).map((rs, ctx) -> {
            recordedBase[0] = rs.getString(1);
            return new ExchangeRates.Rate(rs.getObject(2, LocalDate.class), rs.getString(3),
                    ExchangeRates.plain(rs.getBigDecimal(4)));
        }).forEach(rates::add);
        return new ExchangeRates(recordedBase[0] == null ? base : recordedBase[0], rates);
    }

    /**
     * Records the rates of {@code configured} the warehouse does not hold yet, as {@code loadId}'s; how many.
     *
     * @throws WarehouseException when {@code configured} changes or drops a recorded rate, or quotes against
     *                            another base: nothing is recorded
     */
    public static int record(Handle h, ExchangeRates configured, long loadId) {
        ExchangeRates recorded = read(h, configured.base());
        if (!recorded.rates().isEmpty() && !recorded.base().equals(configured.base())) {
            throw new WarehouseException("sendtime.money.rate-base is " + configured.base() + " but the warehouse's"
                    + " exchange rates are quoted against " + recorded.base() + ": rates are append-only; set it back");
        }
        Map<String, BigDecimal> wanted = new HashMap<>();
        for (ExchangeRates.Rate r : configured.rates()) {
            wanted.put(r.date() + " " + r.currency(), r.rate());
        }
        for (ExchangeRates.Rate r : recorded.rates()) {
            BigDecimal now = wanted.remove(r.date() + " " + r.currency());
            if (now == null) {
                throw new WarehouseException("sendtime.money.exchange-rates no longer has the " + r.currency() + " rate of "
                        + r.date() + " (" + r.rate().toPlainString() + ") that an earlier load recorded: rates are"
                        + " append-only; put it back");
            }
            if (now.compareTo(r.rate()) != 0) {
                throw new WarehouseException("sendtime.money.exchange-rates changes the " + r.currency() + " rate of "
                        + r.date() + " from " + r.rate().toPlainString() + " to " + now.toPlainString()
                        + ": rates are append-only; put it back and add the new rate with a later date");
            }
        }
        int added = 0;
        for (ExchangeRates.Rate r : configured.rates()) {
            if (wanted.containsKey(r.date() + " " + r.currency())) {
                h.createUpdate(SqlFiles.text("money/record_rate.sql")).bind("base", configured.base())
                        .bind("rateDate", Date.valueOf(r.date())).bind("currency", r.currency()).bind("rate", r.rate())
                        .bind("digits", ExchangeRates.digits(r.currency())).bind("loadId", loadId).execute();
                added++;
            }
        }
        return added;
    }
}
