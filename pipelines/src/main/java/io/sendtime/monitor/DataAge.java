package io.sendtime.monitor;

import java.time.Instant;

/**
 * How new the committed data of one source and entity is.
 *
 * @param newest    what the data is complete to: an extract's high watermark; for a source that receives its data
 *                  ({@code sendtime serve}'s webhooks), when its last run was committed
 * @param extracted whether a scheduled extract brings it (readiness holds it to the maximum age); received data comes
 *                  when senders send
 */
public record DataAge(String source, String entity, Instant newest, boolean extracted) {
}
