package io.sendtime.erase;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Service;

import io.sendtime.lake.CuratedSchemas;
import io.sendtime.lake.Lake;
import io.sendtime.lake.LakeErasure;
import io.sendtime.lake.RawSchemas;
import io.sendtime.model.PersonIds;
import io.sendtime.privacy.ErasureLedger;
import io.sendtime.privacy.SuppressionList;
import io.sendtime.warehouse.Warehouse;
import io.sendtime.warehouse.WarehouseErasure;

/**
 * {@code privacy export} (right of access, GDPR art. 15): everything sendtime holds about one person as one
 * JSON document: their identifiers, their rows in every warehouse table (history included), their records in
 * the raw and curated lake, quarantine and the exports, and whether they are suppressed or erased. Read-only.
 */
@Service
public class AccessExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Erasure erasure;
    private final Warehouse warehouse;
    private final LakeErasure lake;
    private final SuppressionList suppressions;
    private final ErasureLedger ledger;

    public AccessExport(Erasure erasure, Warehouse warehouse, Lake lake, RawSchemas rawSchemas,
                        SuppressionList suppressions, ErasureLedger ledger) {
        this.erasure = erasure;
        this.warehouse = warehouse;
        this.lake = new LakeErasure(lake, rawSchemas, new CuratedSchemas());
        this.suppressions = suppressions;
        this.ledger = ledger;
    }

    public ObjectNode export(String customer) {
        PersonIds person = erasure.resolve(new EraseRequest(customer, null));
        ObjectNode doc = JSON.createObjectNode();
        doc.put("generated_at", Instant.now().toString());
        ObjectNode ids = doc.putObject("identifiers");
        for (PersonIds.Kind kind : PersonIds.Kind.values()) {
            ArrayNode values = ids.putArray(kind.label());
            person.of(kind).stream().sorted().forEach(values::add);
        }
        var emails = person.of(PersonIds.Kind.EMAIL);
        doc.put("suppressed", !emails.isEmpty() && emails.stream().anyMatch(suppressions.matcher()));
        doc.put("erased", person.qualified().stream().anyMatch(ledger.matcher()));
        Map<String, List<Map<String, Object>>> rows = Map.of();
        if (warehouse.exists()) {
            try {
                rows = warehouse.read(h -> WarehouseErasure.find(h, person));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the warehouse: " + e.getMessage(), e);
            }
        }
        doc.set("warehouse", JSON.valueToTree(rows));
        ArrayNode files = doc.putArray("lake");
        for (LakeErasure.Found found : lake.find(person)) {
            ObjectNode f = files.addObject();
            f.put("zone", found.zone());
            f.put("file", found.file());
            f.set("record", found.record());
        }
        return doc;
    }
}
