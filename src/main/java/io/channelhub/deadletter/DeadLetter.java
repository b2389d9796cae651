package io.channelhub.deadletter;

import java.time.Instant;
import java.util.Map;

/**
 * An event that failed, with everything needed to understand and replay it.
 *
 * @param payload the exact bytes the marketplace sent
 * @param status  {@code NEW} until someone acts on it
 */
public record DeadLetter(long id, String connectorId, String eventId, String eventType, String sourceTopic,
        Integer sourcePartition, Long sourceOffset, byte[] payload, Map<String, String> headers, String errorClass,
        String errorMessage, int attempts, Instant firstFailedAt, Instant lastFailedAt, String status) {
}
