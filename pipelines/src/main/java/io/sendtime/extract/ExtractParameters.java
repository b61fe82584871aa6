package io.sendtime.extract;

import java.time.Instant;
import java.util.List;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

import io.sendtime.lake.RunIds;

/**
 * The extract job's parameters. Identifying: {@code source}, {@code entities}, {@code to}, {@code from}
 * (explicit intervals only) and {@code mode}, so one interval is one job instance: rerunning it
 * restarts a failed run or finds a completed one, never duplicates it. Non-identifying:
 * {@code runId}, which names the run's files and stays the same across restarts.
 *
 * @param from null for an incremental run (each entity starts at its watermark minus the lookback)
 */
public record ExtractParameters(String source, List<String> entities, Instant from, Instant to, Mode mode) {

    public enum Mode { INCREMENTAL, INTERVAL, FULL }

    public JobParameters toJobParameters(Instant now) {
        var builder = new JobParametersBuilder()
                .addString("source", source)
                .addString("entities", String.join(",", entities))
                .addString("to", to.toString())
                .addString("mode", mode.name().toLowerCase())
                .addString("runId", newRunId(now), false);
        if (from != null) {
            builder.addString("from", from.toString());
        }
        return builder.toJobParameters();
    }

    /** {@code 20261122T081500Z-3fa9c2}: when the run started, plus a random suffix. */
    static String newRunId(Instant now) {
        return RunIds.next(now, "");
    }

    static Instant startedAt(String runId) {
        return RunIds.startedAt(runId);
    }

    public static Mode mode(JobParameters parameters) {
        return Mode.valueOf(parameters.getString("mode", "incremental").toUpperCase());
    }

    /** Rejects parameter sets the job cannot run, before anything is read or written. */
    static final class Validator implements JobParametersValidator {
        @Override
        public void validate(JobParameters parameters) throws InvalidJobParametersException {
            for (String required : List.of("source", "entities", "to", "runId")) {
                if (parameters.getString(required) == null) {
                    throw new InvalidJobParametersException("extract needs the job parameter '" + required + "'");
                }
            }
            String from = parameters.getString("from");
            if (from != null && !Instant.parse(from).isBefore(Instant.parse(parameters.getString("to")))) {
                throw new InvalidJobParametersException("--from must be before --to");
            }
        }
    }
}
