package io.channelhub.order;

import java.time.Instant;

/** One processed event of an order and what it did. */
public record OrderEventRecord(String eventId, String eventType, Instant updatedAt, ApplyOutcome outcome,
        Instant processedAt) {
}
