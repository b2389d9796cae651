package io.channelhub.deadletter;

import java.time.Instant;
import java.util.Map;

/**
 * An event that failed, with everything needed to understand and replay it.
 *
 * @param recordKey     the Kafka record key it was read with (null for dead letters that never were a record)
 * @param payload       the exact bytes the marketplace sent; never changed
 * @param editedPayload what an operator changed the payload to, replayed instead of the original (null if none)
 * @param errorStack    the error's cause chain with its top frames, for people
 */
public record DeadLetter(long id, String connectorId, String eventId, String eventType, String sourceTopic,
        Integer sourcePartition, Long sourceOffset, String recordKey, byte[] payload, byte[] editedPayload,
        Map<String, String> headers, String errorClass, String errorMessage, String errorStack, int attempts,
        Instant firstFailedAt, Instant lastFailedAt, DeadLetterStatus status) {

    /** What a replay sends: the operator's edit if there is one, else the bytes received. */
    public byte[] currentPayload() {
        return editedPayload != null ? editedPayload : payload;
    }
}
