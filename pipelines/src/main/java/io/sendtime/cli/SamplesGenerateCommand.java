package io.sendtime.cli;

import io.sendtime.samples.SampleGenerator;
import io.sendtime.samples.Entity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sendtime samples generate}: writes a generated dataset in the data-samples JSONL layout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a deterministic generated dataset as JSONL files (data-samples layout), in constant memory.")
public class SamplesGenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--customers", required = true, paramLabel = "N", description = "Number of customers (1..50000000).")
    int customers;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (customers < 1 || customers > SampleGenerator.MAX_CUSTOMERS) {
            throw new ParameterException(spec.commandLine(),
                    "--customers must be between 1 and " + SampleGenerator.MAX_CUSTOMERS);
        }
        PrintWriter w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Map<Entity, Long> counts = new SampleGenerator(seed, customers).writeDataset(out);
        long total = 0;
        for (Map.Entry<Entity, Long> e : counts.entrySet()) {
            w.printf("%-34s %,12d%n", e.getKey().file(), e.getValue());
            total += e.getValue();
        }
        w.printf("%,d records in %s (%.1f s)%n", total, out, (System.nanoTime() - t0) / 1e9);
        w.flush();
        return 0;
    }
}
