package io.channelhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One ops action as the audit log keeps it.
 *
 * @param actor  the credential's name ({@code hub} for what the hub did on someone's behalf, e.g. a replay job)
 * @param action what was done, e.g. {@code dead-letter.replay}, {@code connector.pause}
 * @param before the target's state before the action, as JSON (null when there was none)
 * @param after  the target's state after it (null when the action removed or did not change it)
 */
public record AuditEntry(long id, Instant at, String actor, String role, String action, String targetType,
        String targetId, JsonNode before, JsonNode after, String detail) {
}
