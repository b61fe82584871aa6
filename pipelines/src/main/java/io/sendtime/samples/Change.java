package io.sendtime.samples;

import java.time.Instant;

/** One record changed by churn: its feed, id, what happened and its new sort timestamp. */
public record Change(Entity entity, String id, Kind kind, Instant at) {

    /** What churn did to the record. */
    public enum Kind { CREATE, UPDATE, DELETE }
}
