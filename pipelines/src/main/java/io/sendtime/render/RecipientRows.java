package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.jdbi.v3.core.Handle;

/**
 * Rows of render_recipients (sql/render/recipients.sql: key, email, context JSON) as template contexts
 * (see templates/README.md): the JSON as maps, lists, text and numbers, instants ({@code *_at}, epoch
 * microseconds) as {@link Instant}, every money value in the email's currency, {@code last_viewed_ids}
 * resolved against the render's products priced in it, and {@code bought_ids} turned into
 * {@code recommendations} by the {@link Recommender} ({@link EmailMoney}; every recipient in one currency
 * shares the same read-only product maps).
 */
final class RecipientRows {

    /** Position of the email in the values {@link #read} returns. */
    static final int EMAIL = 1;

    /**
     * Reads a context into a HashMap (nested objects as Jackson's untyped maps, lists, text and numbers); one reader
     * for every row, so the target type and its deserializer are resolved once, not on each of a send's contexts.
     */
    private static final ObjectReader CONTEXT =
            new ObjectMapper().readerFor(new TypeReference<HashMap<String, Object>>() {});

    private final EmailMoney money;
    private final Recommender recommender;

    /** What rows are resolved against: the render's products and their prices, and the recommender, read before the rows. */
    record Lookups(EmailMoney money, Recommender recommender) {

        static Lookups load(Handle h, Campaign campaign, Instant renderAt) throws SQLException {
            EmailMoney money = EmailMoney.load(h, campaign, renderAt.atZone(ZoneOffset.UTC).toLocalDate());
            return new Lookups(money, Recommender.load(h.getConnection(), money::inStock));
        }
    }

    RecipientRows(Lookups lookups) {
        this.money = lookups.money();
        this.recommender = lookups.recommender();
    }

    /**
     * One row's values as read (key, email, the context JSON's UTF-8 bytes), cheap: the reading thread only does
     * this. The context comes as bytes (recipients_all.sql encodes it), not text: the driver then copies it rather
     * than decoding it into a String, and the render threads parse the bytes.
     */
    Object[] read(ResultSet rs) throws SQLException {
        return new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)};
    }

    Map<String, Object> next(ResultSet rs) throws SQLException {
        return context(read(rs));
    }

    /**
     * A row read by {@link #read} (the context as UTF-8 bytes), or a profile's context as text, as a template
     * context; thread-safe, done on the render threads.
     */
    Map<String, Object> context(Object[] values) {
        Map<String, Object> context;
        try {
            context = values[2] instanceof byte[] utf8 ? CONTEXT.readValue(utf8) : CONTEXT.readValue((String) values[2]);
        } catch (IOException e) {
            throw new UncheckedIOException("render_recipients: unreadable context of " + values[0], e);
        }
        money.apply(context, recommender);
        context.replaceAll((name, value) -> name.endsWith("_at") && value instanceof Number micros
                ? Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS) : value);
        return context;
    }
}
