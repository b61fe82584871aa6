package io.sendtime.transform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

import io.sendtime.lake.RunIds;

/**
 * The transform job's parameters: {@code transformRunId} (identifying: one run is one job instance,
 * its restarts resume it) and {@code runs}, the extract runs it consumes, fixed when it starts so a
 * restart curates exactly the same input. The job repository keeps a parameter's value in 2,500 characters
 * ({@code BATCH_JOB_EXECUTION_PARAMS}): a longer list (a day of {@code sendtime serve}'s minute-runs is about
 * 50,000) continues in {@code runs.2}, {@code runs.3}...
 */
final class TransformParameters {

    static final String TRANSFORM_RUN_ID = "transformRunId";
    static final String RUNS = "runs";
    /** The most characters one parameter of the list holds: within the column's 2,500. */
    static final int PART = 2_000;

    private TransformParameters() {
    }

    static JobParameters of(List<RawRun> runs, Instant now) {
        JobParametersBuilder parameters = new JobParametersBuilder().addString(TRANSFORM_RUN_ID, newRunId(now));
        List<String> parts = parts(runs);
        for (int i = 0; i < parts.size(); i++) {
            parameters.addString(i == 0 ? RUNS : RUNS + "." + (i + 1), parts.get(i), false);
        }
        return parameters.toJobParameters();
    }

    /** The runs a transform job consumes, in order, from all its {@code runs} parameters. */
    static List<RawRun> runs(JobParameters parameters) {
        List<RawRun> runs = new ArrayList<>(RawRun.parseAll(parameters.getString(RUNS)));
        for (int i = 2; parameters.getString(RUNS + "." + i) != null; i++) {
            runs.addAll(RawRun.parseAll(parameters.getString(RUNS + "." + i)));
        }
        return runs;
    }

    /** The runs joined by commas, cut between runs into parts of at most {@link #PART} characters. */
    private static List<String> parts(List<RawRun> runs) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (RawRun run : runs) {
            String text = run.toString();
            if (part.length() > 0 && part.length() + 1 + text.length() > PART) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(part.length() > 0 ? "," : "").append(text);
        }
        parts.add(part.toString());
        return parts;
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
