package io.sendtime.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the committed {@code data-samples/} dataset: {@link SampleGenerator} with
 * {@link #SEED} and {@link #CUSTOMERS}. Rerunning it reproduces the committed files byte for byte.
 *
 * <p>Run from the repository root:
 * {@code java -cp pipelines/target/classes:<jackson> io.sendtime.samples.SampleDataWriter data-samples}
 */
public final class SampleDataWriter {

    /** Seed of the committed sample data. */
    public static final long SEED = 42L;
    /** Customers in the committed sample data (100 gives 300 orders, 40 products and 2,000 events). */
    public static final int CUSTOMERS = 100;

    private SampleDataWriter() {
    }

    /** The generator behind the committed sample data. */
    public static SampleGenerator generator() {
        return new SampleGenerator(SEED, CUSTOMERS);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "data-samples");
        Map<Entity, Long> counts = generator().writeDataset(out);
        counts.forEach((entity, n) -> System.out.println(entity.file() + ": " + n));
    }
}
