package io.sendtime.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** How {@link TimeSlices} cuts a window and merges what its slices committed. */
class TimeSlicesCutTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00.123456Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00.654321Z");
    private static final Instant PREVIOUS = Instant.parse("2026-11-01T00:05:00Z");

    @Test
    void thePartsTileTheWindowAndCutOnWholeSeconds() {
        List<ExtractWindow> parts = TimeSlices.cut(new ExtractWindow(FROM, TO, PREVIOUS), null, 4);

        assertTiles(parts, FROM, TO);
        assertThat(parts).hasSize(4).allMatch(p -> p.previousWatermark().equals(PREVIOUS));
        assertThat(parts.subList(1, 4)).allMatch(p -> p.from().equals(p.from().truncatedTo(ChronoUnit.SECONDS)));
        assertThat(parts.get(1).from()).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
    }

    @Test
    void aWindowOpenBelowIsCutFromWhereTheDataBeginsAndItsFirstPartStillStartsAtTheWindow() {
        Instant dataStart = Instant.parse("2026-10-01T00:00:00Z");
        List<ExtractWindow> parts = TimeSlices.cut(new ExtractWindow(Instant.EPOCH, TO, null), dataStart, 2);

        assertTiles(parts, Instant.EPOCH, TO);
        assertThat(parts.get(0).to()).isEqualTo(Instant.parse("2026-10-17T00:00:00Z"));
    }

    @Test
    void aShortWindowOrAStartPastItGivesEmptyPartsNeverReversedOnes() {
        Instant end = FROM.plusMillis(1500);
        assertTiles(TimeSlices.cut(new ExtractWindow(FROM, end, null), null, 8), FROM, end);
        assertTiles(TimeSlices.cut(new ExtractWindow(FROM, TO, null), TO.plusSeconds(60), 3), FROM, TO);
        assertTiles(TimeSlices.cut(new ExtractWindow(TO, TO, null), null, 3), TO, TO);
    }

    @Test
    void theSlicesOfAnEntityMergeIntoWhatOnePartitionWouldHaveCommitted() {
        ExecutionContext first = slice(FROM, "2026-11-01T12:00:00Z", 3, 120, "raw/a-s01-00000.parquet", "x");
        ExecutionContext second = slice(Instant.parse("2026-11-01T12:00:00Z"), TO.toString(), 2, 80,
                "raw/a-s02-00000.parquet,raw/a-s02-00001.parquet", "x,y");
        second.putLong(RawChunkWriter.QUARANTINED, 4);

        ExecutionContext merged = TimeSlices.merged(List.of(first, second));

        assertThat(merged.getString(ExtractWindows.FROM)).isEqualTo(FROM.toString());
        assertThat(merged.getString(ExtractWindows.TO)).isEqualTo(TO.toString());
        assertThat(merged.getInt(SourcePageReader.PAGES)).isEqualTo(5);
        assertThat(merged.getLong(RawChunkWriter.WRITTEN)).isEqualTo(200);
        assertThat(merged.getLong(RawChunkWriter.QUARANTINED)).isEqualTo(4);
        assertThat(merged.getString(RawChunkWriter.FILES))
                .isEqualTo("raw/a-s01-00000.parquet,raw/a-s02-00000.parquet,raw/a-s02-00001.parquet");
        assertThat(merged.getString(RawChunkWriter.NEW_FIELDS)).isEqualTo("x,y");
        assertThat(TimeSlices.merged(List.of(first))).isSameAs(first);
    }

    private static ExecutionContext slice(Instant from, String to, int pages, long written, String files,
                                          String newFields) {
        ExecutionContext context = new ExecutionContext();
        context.putString(ExtractWindows.FROM, from.toString());
        context.putString(ExtractWindows.TO, to);
        context.putInt(SourcePageReader.PAGES, pages);
        context.putLong(RawChunkWriter.WRITTEN, written);
        context.putString(RawChunkWriter.FILES, files);
        context.putString(RawChunkWriter.NEW_FIELDS, newFields);
        return context;
    }

    /** Consecutive parts from {@code from} to {@code to}, none ending before it starts. */
    private static void assertTiles(List<ExtractWindow> parts, Instant from, Instant to) {
        assertThat(parts.get(0).from()).isEqualTo(from);
        assertThat(parts.get(parts.size() - 1).to()).isEqualTo(to);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i).to()).as("part %d", i).isAfterOrEqualTo(parts.get(i).from());
            if (i > 0) {
                assertThat(parts.get(i).from()).as("part %d", i).isEqualTo(parts.get(i - 1).to());
            }
        }
    }
}
