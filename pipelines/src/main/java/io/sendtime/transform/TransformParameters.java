package io.sendtime.transform;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The transform job's parameters: {@code transformRunId} (identifying: one run is one job instance,
 * its restarts resume it) and {@code runs}, the extract runs it consumes, fixed when it starts so a
 * restart curates exactly the same input.
 */
final class TransformParameters {

    static final String TRANSFORM_RUN_ID = "transformRunId";
    static final String RUNS = "runs";

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

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
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return RUN_TIME.format(now) + "-t" + HexFormat.of().formatHex(suffix);
    }

    /** A run's curated files land in the partition of the day it started, also when restarted later. */
    static LocalDate transformDate(String transformRunId) {
        Instant started = Instant.from(RUN_TIME.parse(transformRunId.substring(0, transformRunId.indexOf('-'))));
        return LocalDate.ofInstant(started, ZoneOffset.UTC);
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
