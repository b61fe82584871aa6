package io.sendtime.erase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.sendtime.model.PersonIds;

/** Who the erasure job erases, handed over in memory by {@link EraseService} (never stored). */
@Component
class PendingErasures {

    record Pending(PersonIds person, String reason) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    void put(String erasureId, Pending p) {
        pending.put(erasureId, p);
    }

    Pending take(String erasureId) {
        Pending p = pending.remove(erasureId);
        if (p == null) {
            throw new IllegalStateException("an erasure is not restarted from the job repository (it keeps no personal"
                    + " data): run ./sendtime privacy erase --customer ... again, which completes it");
        }
        return p;
    }
}
