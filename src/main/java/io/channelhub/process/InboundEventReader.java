package io.channelhub.process;

import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.ingest.IngestHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * First step of processing: reads the envelope back from the Kafka record into an {@link InboundEvent} and names
 * the event's idempotency key. The offset-commit handle is set aside first, so that even an event whose envelope
 * is broken can be dead-lettered and committed.
 */
@Component("inboundEventReader")
public class InboundEventReader implements Processor {

    /** Exchange property holding the {@link InboundEvent}. */
    public static final String EVENT_PROPERTY = "hubInboundEvent";
    /** Message header the idempotent consumer keys on: connector + event id. */
    public static final String EVENT_KEY_HEADER = "HubEventKey";

    @Override
    public void process(Exchange exchange) {
        KafkaOffsetCommit.remember(exchange);
        Message message = exchange.getMessage();
        Map<String, String> headers = recordHeaders(message);
        byte[] body = message.getBody(byte[].class);
        InboundEvent event = new InboundEvent(required(headers, IngestHeaders.CONNECTOR),
                required(headers, IngestHeaders.EVENT_ID), required(headers, IngestHeaders.EVENT_TYPE),
                receivedAt(headers.get(IngestHeaders.RECEIVED_AT)), headers, body == null ? new byte[0] : body);
        exchange.setProperty(EVENT_PROPERTY, event);
        message.setHeader(EVENT_KEY_HEADER, event.connectorId() + ':' + event.eventId());
    }

    /** The Kafka record's own headers (the envelope and the marketplace's), as text. */
    public static Map<String, String> recordHeaders(Message message) {
        Map<String, String> headers = new TreeMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof byte[] bytes && !name.startsWith("kafka.")) {
                headers.put(name, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return headers;
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new PermanentEventException("inbound record has no '" + name + "' header");
        }
        return value;
    }

    private static Instant receivedAt(String millis) {
        try {
            return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
