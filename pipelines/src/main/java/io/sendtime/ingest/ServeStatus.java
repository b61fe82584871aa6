package io.sendtime.ingest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** What {@code sendtime serve} prints when it starts: each endpoint on or off (and why), the log and the committer. */
@Component
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
public class ServeStatus {

    private final WebhookEndpoints.Senders senders;
    private final ServeSettings settings;
    private final EventIntake intake;
    private final java.nio.file.Path varDir;

    ServeStatus(WebhookEndpoints.Senders senders, ServeSettings settings, EventIntake intake,
                @Value("${sendtime.var-dir}") java.nio.file.Path varDir) {
        this.senders = senders;
        this.settings = settings;
        this.intake = intake;
        this.varDir = varDir;
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("POST /v1/events: " + state(senders.storefront()));
        senders.providers().forEach((name, endpoint) -> lines.add("POST /v1/esp/" + name + ": " + state(endpoint)));
        lines.add("event log: " + settings.logDir(varDir) + " (" + intake.logBytes() + " bytes waiting, capacity "
                + settings.log().capacity().toMegabytes() + " MB" + (settings.log().fsync() ? "" : ", fsync OFF") + ")");
        lines.add("committed to the lake as source " + ServeSettings.SOURCE + " every " + settings.commit().interval().toSeconds()
                + "s, or at once past " + settings.commit().maxEvents() + " events");
        return lines;
    }

    private static String state(WebhookEndpoints.Endpoint endpoint) {
        return endpoint.off() == null ? "on" : "off (" + endpoint.off() + ")";
    }
}
