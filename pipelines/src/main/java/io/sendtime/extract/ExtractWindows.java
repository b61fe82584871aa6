package io.sendtime.extract;

import io.sendtime.source.SourceClients;
import java.time.Duration;
import java.time.Instant;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Decides the window of one entity extract and pins it in the step's execution context, so a restart
 * reads exactly the window the first attempt started with. An interval run reads its interval, and also any
 * gap between the entity's committed watermark and the interval's start (an interval whose run failed for
 * good); a backfill of an interval before the watermark reads just that interval.
 */
@Component
public class ExtractWindows {

    static final String FROM = "window.from";
    static final String TO = "window.to";
    static final String PREVIOUS = "window.previousWatermark";

    private final Watermarks watermarks;
    private final SourceClients sources;

    public ExtractWindows(Watermarks watermarks, SourceClients sources) {
        this.watermarks = watermarks;
        this.sources = sources;
    }

    public ExtractWindow windowOf(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        if (context.containsKey(FROM)) {
            return new ExtractWindow(Instant.parse(context.getString(FROM)), Instant.parse(context.getString(TO)),
                    ExtractJobConfiguration.parseInstant(context.getString(PREVIOUS, "")));
        }
        ExtractWindow window = decide(step.getJobParameters(), context.getString("entity"));
        pin(context, window);
        return window;
    }

    /** Keeps a window in a partition's context, where {@link #windowOf} finds it on every attempt. */
    static void pin(ExecutionContext context, ExtractWindow window) {
        context.putString(FROM, window.from().toString());
        context.putString(TO, window.to().toString());
        context.putString(PREVIOUS, window.previousWatermark() == null ? "" : window.previousWatermark().toString());
    }

    ExtractWindow decide(JobParameters parameters, String entity) {
        String source = parameters.getString("source");
        Instant to = Instant.parse(parameters.getString("to"));
        Duration lookback = sources.definition(source).lookbackOf(entity);
        Instant previous = watermarks.get(source, entity).map(Watermarks.Watermark::highWatermark).orElse(null);
        Instant from = switch (ExtractParameters.mode(parameters)) {
            case FULL -> Instant.EPOCH;
            // an interval also covers a gap between the committed watermark and its start: an earlier interval
            // that failed for good (catchup off) is read by the next one, not lost until the weekly full refresh
            case INTERVAL -> {
                Instant requested = Instant.parse(parameters.getString("from"));
                yield (previous != null && previous.isBefore(requested) ? previous : requested).minus(lookback);
            }
            case INCREMENTAL -> previous == null ? Instant.EPOCH : previous.minus(lookback);
        };
        if (from.isAfter(to)) {
            // a watermark ahead of the upper bound (clock skew, a --to in the past): nothing to read
            from = to;
        }
        return new ExtractWindow(from, to, ExtractParameters.mode(parameters) == ExtractParameters.Mode.FULL ? null : previous);
    }
}
