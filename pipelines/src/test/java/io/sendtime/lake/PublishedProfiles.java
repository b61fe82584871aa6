package io.sendtime.lake;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * For tests: what the profiles snapshot the load published holds, read the way a reader applies the chain (the
 * files the pointer names, in order; the last row of a key wins, a deletion marker removes it): key to
 * {@code profile}, {@code context} and {@code email_sha256}.
 */
public final class PublishedProfiles {

    /** One published profile. */
    public record Row(String emailSha256, String profile, String context) {}

    private PublishedProfiles() {
    }

    public static ProfileSnapshots snapshots(Path lakeDir) {
        return new ProfileSnapshots(new Lake(URI.create(lakeDir.toUri().toString()), Map.of()));
    }

    public static Map<String, Row> read(Path lakeDir) throws Exception {
        ProfileSnapshots snapshots = snapshots(lakeDir);
        ProfileSnapshots.Pointer pointer = snapshots.current();
        Map<String, Row> rows = new TreeMap<>();
        if (pointer == null) {
            return rows;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String file : pointer.files()) {
                try (ResultSet rs = s.executeQuery("SELECT customer_key, email_sha256, deleted, profile, context"
                        + " FROM read_parquet('" + snapshots.localFile(file) + "')")) {
                    while (rs.next()) {
                        if (rs.getBoolean(3)) {
                            rows.remove(rs.getString(1));
                        } else {
                            rows.put(rs.getString(1), new Row(rs.getString(2), rs.getString(4), rs.getString(5)));
                        }
                    }
                }
            }
        }
        return rows;
    }
}
