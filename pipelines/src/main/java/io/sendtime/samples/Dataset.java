package io.sendtime.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Which records the sample APIs serve. */
public abstract sealed class Dataset {

    private Dataset() {
    }

    /** Opens the dataset as a store using the given clock. */
    abstract SampleStore open(Clock clock);

    /**
     * The committed sample data: from the classpath ({@code data-samples/...}) when packaged,
     * else from a {@code data-samples} folder in the working directory or its parent (the
     * repository root when running from {@code pipelines/}).
     */
    public static Dataset samples() {
        return new Samples(null);
    }

    /** The JSONL files of a data-samples style directory. */
    public static Dataset directory(Path dir) {
        return new Samples(dir);
    }

    /** A virtual dataset computed by {@link SampleGenerator}. */
    public static Dataset generated(long seed, int customers) {
        return new Generated(seed, customers);
    }

    static final class Samples extends Dataset {
        private final Path dir;

        Samples(Path dir) {
            this.dir = dir;
        }

        @Override
        SampleStore open(Clock clock) {
            if (dir != null) {
                return SampleStore.load(dir, clock);
            }
            if (SampleStore.class.getResource("/data-samples/" + Entity.CONTACTS.file()) != null) {
                return SampleStore.loadClasspath(clock);
            }
            for (Path candidate : new Path[] {Path.of("data-samples"), Path.of("..", "data-samples")}) {
                if (Files.isRegularFile(candidate.resolve(Entity.CONTACTS.file()))) {
                    return SampleStore.load(candidate, clock);
                }
            }
            throw new IllegalStateException("sample data not found on the classpath nor in ./data-samples or ../data-samples");
        }

        @Override
        public String toString() {
            return dir == null ? "samples" : "samples from " + dir;
        }
    }

    static final class Generated extends Dataset {
        private final long seed;
        private final int customers;

        Generated(long seed, int customers) {
            new SampleGenerator(seed, customers); // validates the size
            this.seed = seed;
            this.customers = customers;
        }

        @Override
        SampleStore open(Clock clock) {
            return SampleStore.generated(seed, customers, clock);
        }

        @Override
        public String toString() {
            return "generated(seed=" + seed + ", customers=" + customers + ")";
        }
    }
}
