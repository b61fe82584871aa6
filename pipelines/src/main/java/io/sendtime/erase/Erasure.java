package io.sendtime.erase;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.lake.LakeErasure;
import io.sendtime.lake.RawSchemas;
import io.sendtime.model.PersonIds;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.privacy.IdentityRecords;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseErasure;

/**
 * The erasure of one person from every store sendtime keeps, in this order, each step safe to run again:
 * <ol>
 *   <li>{@code ledger}: the keyed hashes of their identifiers, so no later extract writes them again, and
 *       their addresses on the suppression list (reason {@code erased});</li>
 *   <li>{@code lake}: the raw and curated zones, quarantine and exports ({@link LakeErasure}: copy-on-write
 *       through the manifests);</li>
 *   <li>{@code warehouse}: every table, history included, in one transaction ({@link WarehouseErasure});</li>
 *   <li>{@code warehouse file}: the DuckDB file written anew, so freed pages keep no bytes;</li>
 *   <li>{@code identity}: the job repository's customer keys and lookback-band records of their source ids;
 *       then the ledger marks the erasure complete.</li>
 * </ol>
 * A crash anywhere leaves each store either before or after its step; running the erasure again completes it.
 */
@Component
public class Erasure {

    /** The steps, in order (a crash after any of them leaves a state the next run completes: ErasureCrashTest). */
    public static final List<String> STEPS = List.of("ledger", "lake: rewritten", "lake: listed", "lake", "warehouse",
            "warehouse file", "identity");

    /** A test hook: the JVM halts right after the named step, as a crash would stop it there. */
    public static final String HALT_AFTER = "sendtime.erase.halt-after";

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);

    private final ErasureLedger ledger;
    private final SuppressionList suppressions;
    private final IdentityRecords identities;
    private final Warehouse warehouse;
    private final LakeErasure lake;
    private final ServingErasure serving;

    public Erasure(ErasureLedger ledger, SuppressionList suppressions, IdentityRecords identities, Warehouse warehouse,
                   Lake lake, RawSchemas rawSchemas) {
        this.ledger = ledger;
        this.suppressions = suppressions;
        this.identities = identities;
        this.warehouse = warehouse;
        this.lake = new LakeErasure(lake, rawSchemas, new CuratedSchemas());
        this.serving = new ServingErasure(lake);
    }

    /** Everything sendtime holds that identifies the person asked for. */
    PersonIds resolve(EraseRequest request) {
        PersonIds person = new PersonIds();
        String asked = request.customer().strip();
        if (asked.contains("@")) {
            person.add(PersonIds.Kind.EMAIL, asked);
        } else if (asked.matches("[0-9a-f]{16}")) {
            person.add(PersonIds.Kind.CUSTOMER_KEY, asked);
        }
        identities.expand(person, asked);
        if (warehouse.exists()) {
            try {
                warehouse.read(h -> {
                    h.createQuery(io.sendtime.config.SqlFiles.text("inspect/find_customer.sql")).bind("v", asked)
                            .mapTo(String.class).findOne().ifPresent(key -> person.add(PersonIds.Kind.CUSTOMER_KEY, key));
                    WarehouseErasure.expand(h, person);
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the warehouse: " + e.getMessage(), e);
            }
        }
        identities.expand(person, null);
        lake.expand(person);
        identities.expand(person, null);
        return person;
    }

    /** Erases the person from every store; returns what each step removed. */
    Map<String, Long> run(String erasureId, PersonIds person, String reason) throws SQLException {
        Map<String, Long> removed = new LinkedHashMap<>();
        Instant at = Instant.now();

        ledger.record(erasureId, person.qualified(), reason, at);
        long suppressed = suppressions.suppress(person.of(PersonIds.Kind.EMAIL).stream()
                .map(e -> new SuppressionList.Entry(e, "erased")).toList(), "erasure", at);
        removed.put("suppressed_addresses", suppressed);
        step("ledger");

        LakeErasure.Result files = lake.erase(person, erasureId.substring(0, 8), Erasure::step);
        files.records().forEach((zone, n) -> removed.put(zone + "_records", n));
        files.files().forEach((zone, n) -> removed.put(zone + "_files", n));
        ServingErasure.Result served = serving.erase(person, erasureId.substring(0, 8));
        removed.put("serving_records", served.rows());
        removed.put("serving_files", served.files());
        step("lake");

        if (warehouse.exists()) {
            Map<String, Long> rows = warehouse.write("erase", h -> WarehouseErasure.erase(h, person));
            removed.put("warehouse_rows", rows.values().stream().mapToLong(Long::longValue).sum());
            step("warehouse");
            warehouse.rewriteFile();
        }
        step("warehouse file");

        removed.put("identity_rows", (long) identities.forget(ledger.matcher()));
        ledger.complete(erasureId, Instant.now());
        step("identity");
        return removed;
    }

    private static void step(String name) {
        log.debug("erase: {}", name);
        if (name.equals(System.getProperty(HALT_AFTER))) {
            Runtime.getRuntime().halt(137);
        }
    }
}
