package io.sendtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sendtime.lake.Lake;
import io.sendtime.lake.ParquetFiles;
import io.sendtime.lake.RunManifest;
import io.sendtime.lake.RunManifests;
import io.sendtime.privacy.ErasureLedger;

/**
 * The committer interrupted after the run's manifest is published and before the log's segments are deleted (the
 * window a crash can hit): the next start commits the same segments under the same run id, so the lake holds each
 * event once, in one run.
 */
class EventCommitterTest {

    @TempDir
    Path dir;

    /** Fails the committer's suppression step while {@code failing}: the step after the manifest. */
    static final class Interrupting extends Suppressions {
        boolean failing;

        Interrupting() {
            super(null, Map.of());
        }

        @Override
        int apply(List<LoggedEvent> events, Instant at) {
            if (failing) {
                throw new IllegalStateException("crash");
            }
            return 0;
        }
    }

    @Test
    void aRunInterruptedAfterItsManifestIsCommittedAgainUnderTheSameId() throws Exception {
        ServeSettings settings = new ServeSettings(true, null, null, null,
                new ServeSettings.Commit(java.time.Duration.ofHours(1), null), null, null, null);
        Lake lake = new Lake(dir.resolve("lake").toUri(), Map.of());
        Interrupting suppressions = new Interrupting();
        EventIntake first = EventIntake.open(settings, dir, lake, suppressions, () -> ErasureLedger.NOBODY, Clock.systemUTC());
        List<LoggedEvent> events = new ArrayList<>();
        for (var e : StorefrontEvents.parse(ServeTest.storefrontEvents("e1", "e2", "e3").getBytes(), Clock.systemUTC()).events()) {
            events.add(LoggedEvent.of(e, Instant.now()));
        }
        assertThat(first.receiver().receive(events).stored()).isEqualTo(3);
        suppressions.failing = true;
        assertThatThrownBy(() -> first.committer().commitPending()).hasMessage("crash");
        assertThat(new RunManifests(lake).all(ServeSettings.SOURCE)).as("published before the interruption").hasSize(1);
        String runId = new RunManifests(lake).all(ServeSettings.SOURCE).get(0).runId();
        // the process is gone (nothing closed); the next one starts on the same directory
        suppressions.failing = false;
        try (EventIntake second = EventIntake.open(settings, dir, lake, suppressions, () -> ErasureLedger.NOBODY, Clock.systemUTC())) {
            assertThat(second.receiver().receive(events).repeated()).as("still known").isEqualTo(3);
        }
        List<RunManifest> runs = new RunManifests(lake).all(ServeSettings.SOURCE);
        assertThat(runs).extracting(RunManifest::runId).containsExactly(runId);
        List<String> ids = new ArrayList<>();
        for (String f : runs.get(0).entities().get(LoggedEvent.STOREFRONT_EVENTS).files()) {
            for (GenericRecord r : new ParquetFiles(lake).readAll(lake.path(f))) {
                ids.add(r.get("id").toString());
            }
        }
        assertThat(ids).containsExactlyInAnyOrder("e1", "e2", "e3");
    }

    @Test
    void theEventsOfSomeoneErasedNeverReachTheLakeAndLeaveTheLog() throws Exception {
        ServeSettings settings = new ServeSettings(true, null, null, null,
                new ServeSettings.Commit(java.time.Duration.ofHours(1), null), null, null, null);
        Lake lake = new Lake(dir.resolve("lake").toUri(), Map.of());
        String erasedCustomer = io.sendtime.model.PersonIds.qualified(io.sendtime.model.PersonIds.Kind.COMMERCE, 207119551L);
        String body = ServeTest.storefrontEvents("e1") .replace("]", ",") + ServeTest.storefrontEvents("e2").substring(1)
                .replace("207119551", "5551212");
        try (EventIntake intake = EventIntake.open(settings, dir, lake, new Interrupting(),
                () -> erasedCustomer::equals, Clock.systemUTC())) {
            List<LoggedEvent> events = new ArrayList<>();
            for (var e : StorefrontEvents.parse(body.getBytes(), Clock.systemUTC()).events()) {
                events.add(LoggedEvent.of(e, Instant.now()));
            }
            intake.receiver().receive(events);
            intake.committer().commitPending();
            assertThat(intake.logBytes()).as("the log holds nothing of it any more").isZero();
        }
        List<String> ids = new ArrayList<>();
        for (RunManifest run : new RunManifests(lake).all(ServeSettings.SOURCE)) {
            for (String f : run.entities().get(LoggedEvent.STOREFRONT_EVENTS).files()) {
                new ParquetFiles(lake).readAll(lake.path(f)).forEach(r -> ids.add(r.get("id").toString()));
            }
        }
        assertThat(ids).containsExactly("e2");
    }
}
