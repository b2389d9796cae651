/**
 * Webhook ingest: a non-blocking HTTP endpoint per connector that verifies the signature over the raw bytes,
 * wraps the event in an envelope (Kafka headers + the untouched body) and answers 2xx only once the broker has
 * acknowledged it. No database work happens here: everything slow is behind Kafka.
 */
package io.channelhub.ingest;
