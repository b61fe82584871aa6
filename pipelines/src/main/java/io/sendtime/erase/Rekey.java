package io.sendtime.erase;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.stereotype.Service;

import io.sendtime.jobs.JobRuns;
import io.sendtime.lake.Lake;
import io.sendtime.privacy.KeyScheme;
import io.sendtime.privacy.KeyedHash;
import io.sendtime.warehouse.Warehouse;

/**
 * The first half of {@code privacy rekey}, the one-time change of an install whose customer keys are plain
 * SHA-256 hashes of addresses (anyone could recompute them) to keyed ones: everything that holds an old key is
 * removed (the curated lake, the exports, the profiles snapshot for sendtime serve, the DuckDB warehouse with its
 * history, the job repository's
 * identities and curation records) and the install is marked keyed. The command then curates the raw lake
 * again and rebuilds the warehouse (transform, load --full-rebuild): the raw lake holds no keys. Running it
 * again after a crash starts it over.
 */
@Service
public class Rekey {

    private final JobRuns jobRuns;
    private final KeyedHash keyedHash;
    private final KeyScheme keyScheme;
    private final Lake lake;
    private final Warehouse warehouse;

    public Rekey(JobRuns jobRuns, KeyedHash keyedHash, KeyScheme keyScheme, Lake lake, Warehouse warehouse) {
        this.jobRuns = jobRuns;
        this.keyedHash = keyedHash;
        this.keyScheme = keyScheme;
        this.lake = lake;
        this.warehouse = warehouse;
    }

    public void prepare() {
        keyedHash.hasher();
        jobRuns.refuseWhileRunning(JobRuns.ERASE, "extract", "transform", "load", "render");
        try {
            lake.fileSystem().delete(lake.path("curated"), true);
            lake.fileSystem().delete(lake.path("exports"), true);
            lake.fileSystem().delete(lake.path(io.sendtime.lake.ProfileSnapshots.DIR), true); // the served profiles
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove what holds the old keys: " + e.getMessage(), e);
        }
        warehouse.delete();
        keyScheme.resetCuration();
        keyScheme.markKeyed();
    }
}
