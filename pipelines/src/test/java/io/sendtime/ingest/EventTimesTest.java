package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The fast reading of event times agrees with OffsetDateTime.parse on what it reads and on what it refuses. */
class EventTimesTest {

    @Test
    void readsWhatOffsetDateTimeReadsAndRefusesWhatItRefuses() {
        for (String valid : List.of("2026-12-02T10:15:00Z", "2026-12-02T10:15:00.5Z", "2026-12-02T10:15:00.123456789Z",
                "2026-12-02T11:15:00.250+01:00", "2026-12-01T23:15:00-11:00", "2024-02-29T00:00:00Z",
                "1970-01-01T00:00:00Z", "2026-12-02T10:15Z", "2026-12-02T10:15:00.Z", "2026-12-02T10:15:00+01:00:30", "+12026-12-02T10:15:00Z")) {
            assertThat(EventTimes.parse(valid)).as(valid).isEqualTo(OffsetDateTime.parse(valid).toInstant());
        }
        for (String invalid : List.of("2026-02-30T10:15:00Z", "2026-12-02T24:00:00Z", "2026-12-02T10:15:60Z",
                "2026-12-02T10:15:00", "2026-12-02 10:15:00Z", "2026-12-02T10:15:00+1:00",
                "2026-13-02T10:15:00Z", "2026-12-02T10:15:00.1234567890Z", "2026-12-02T10:15:00+19:00")) {
            assertThatThrownBy(() -> EventTimes.parse(invalid)).as(invalid).isInstanceOf(DateTimeParseException.class);
        }
    }
}
