package io.channelhub.connector;

import java.util.Map;

/**
 * What a connector extracts from a verified webhook.
 *
 * @param eventId          the idempotency key: the same for every delivery of one marketplace event
 * @param eventType        the marketplace's event type, e.g. {@code orders/create}
 * @param resourceId       the resource the event is about (order id); becomes the Kafka record key together
 *                         with the connector id so one order's events stay in order. Falls back to the event id
 *                         when the body cannot be read.
 * @param retainedHeaders  marketplace headers kept with the event (lower-case names)
 */
public record WebhookEnvelope(String eventId, String eventType, String resourceId, Map<String, String> retainedHeaders) {
}
