package io.sendtime.extract;

import java.time.Instant;

/**
 * The slice of the source's cursor one entity extract reads: {@code from} inclusive (already moved
 * back by the lookback), {@code to} exclusive. {@code previousWatermark} is where the last committed
 * run stopped, below which already-extracted boundary records are skipped.
 */
public record ExtractWindow(Instant from, Instant to, Instant previousWatermark) {

    public boolean contains(Instant cursor) {
        return !cursor.isBefore(from) && cursor.isBefore(to);
    }
}
