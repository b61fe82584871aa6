package io.sendtime.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The campaigns of a templates directory: {@code campaigns/<id>/campaign.yaml}, with the shared macros. */
public final class CampaignCatalog {

    private final Path root;
    private SafeVelocity velocity;

    public CampaignCatalog(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The ids of every campaign directory, sorted. */
    public List<String> ids() {
        Path campaigns = root.resolve("campaigns");
        if (!Files.isDirectory(campaigns)) {
            throw new TemplateException("no campaigns directory at " + campaigns
                    + ": set sendtime.render.templates to the templates directory");
        }
        try (Stream<Path> dirs = Files.list(campaigns)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("campaign.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new TemplateException("cannot list " + campaigns + ": " + e.getMessage(), e);
        }
    }

    /** One campaign, its templates parsed and linted: a problem is one line naming the file and line. */
    public CompiledCampaign compile(String id) {
        Path file = root.resolve("campaigns").resolve(id).resolve("campaign.yaml");
        if (!id.matches("[a-z0-9][a-z0-9-]*") || !Files.isRegularFile(file)) {
            throw new TemplateException("no campaign '" + id + "' in " + root.resolve("campaigns") + " (there are: "
                    + String.join(", ", ids()) + ")");
        }
        return new CompiledCampaign(Campaign.read(file), velocity());
    }

    public synchronized SafeVelocity velocity() {
        if (velocity == null) {
            velocity = new SafeVelocity(root);
        }
        return velocity;
    }
}
