package io.sendtime.transform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

import io.sendtime.lake.RunIds;

/**
 * The transform job's parameters: {@code transformRunId} (identifying: one run is one job instance,
 * its restarts resume it) and {@code runs}, the extract runs it consumes, fixed when it starts so a
 * restart curates exactly the same input.
 */
final class TransformParameters {

    static final String TRANSFORM_RUN_ID = "transformRunId";
    static final String RUNS = "runs";

    private TransformParameters() {
    }

    static JobParameters of(List<RawRun> runs, Instant now) {
        return new JobParametersBuilder()
                .addString(TRANSFORM_RUN_ID, newRunId(now))
                .addString(RUNS, runs.stream().map(RawRun::toString).collect(Collectors.joining(",")), false)
                .toJobParameters();
    }

    /** {@code 20261122T081500Z-t3fa9c2}: when the run started, plus a random suffix. */
    static String newRunId(Instant now) {
        return RunIds.next(now, "t");
    }

    /** A run's curated files land in the partition of the day it started, also when restarted later. */
    static LocalDate transformDate(String transformRunId) {
        return LocalDate.ofInstant(RunIds.startedAt(transformRunId), ZoneOffset.UTC);
    }

    static final class Validator implements JobParametersValidator {
        @Override
        public void validate(JobParameters parameters) throws InvalidJobParametersException {
            for (String required : List.of(TRANSFORM_RUN_ID, RUNS)) {
                if (parameters.getString(required) == null) {
                    throw new InvalidJobParametersException("transform needs the job parameter '" + required + "'");
                }
            }
        }
    }
}
