package io.sendtime.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a templates directory with one campaign (campaign.yaml + templates) for a test. */
final class TestCampaigns {

    private TestCampaigns() {
    }

    /** {@code templates} maps file name → content; {@code yaml} is the campaign.yaml body after the id. */
    static Path write(Path root, String id, String yaml, Map<String, String> templates) {
        try {
            Path dir = root.resolve("campaigns").resolve(id);
            Files.createDirectories(dir);
            Files.createDirectories(root.resolve("macros"));
            Files.writeString(root.resolve("macros").resolve("common.vm"),
                    Files.readString(Path.of("..", "templates", "macros", "common.vm")));
            Files.writeString(dir.resolve("campaign.yaml"), "id: " + id + "\n" + yaml);
            for (var t : templates.entrySet()) {
                Files.writeString(dir.resolve(t.getKey()), t.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
