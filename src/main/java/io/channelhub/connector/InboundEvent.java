package io.channelhub.connector;

import java.time.Instant;
import java.util.Map;

/**
 * An event as the processing side reads it back from the inbound topic.
 *
 * @param connectorId the connector instance it arrived on
 * @param eventId     its idempotency key
 * @param eventType   the marketplace's event type
 * @param receivedAt  when the hub accepted it
 * @param headers     the retained marketplace headers
 * @param body        the raw bytes as received
 */
public record InboundEvent(String connectorId, String eventId, String eventType, Instant receivedAt,
        Map<String, String> headers, byte[] body) {
}
