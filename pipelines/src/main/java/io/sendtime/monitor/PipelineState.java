package io.sendtime.monitor;

import java.time.Instant;
import java.util.List;

/**
 * What was last read of the jobs' output: the last runs and the data ages as of {@code readAt} (null before the
 * first read that succeeded), and why the latest read failed ({@code problem}, one line; null when it succeeded).
 * A failed read keeps what the last good one found.
 */
record PipelineState(Instant readAt, List<LastRun> runs, List<DataAge> ages, String problem, long failures) {

    static final PipelineState NOT_READ = new PipelineState(null, List.of(), List.of(), "not read yet", 0);

    PipelineState read(Instant at, List<LastRun> runs, List<DataAge> ages) {
        return new PipelineState(at, List.copyOf(runs), List.copyOf(ages), null, failures);
    }

    PipelineState failed(String why) {
        return new PipelineState(readAt, runs, ages, why, failures + 1);
    }
}
