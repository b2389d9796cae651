package io.channelhub.ingest;

import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Second step of the ingest route: turns the verified request into the inbound record. The body stays the exact
 * received bytes; the envelope travels as Kafka headers; the key is connector + resource id so that all events of
 * one order land on one partition, in order.
 */
@Component("webhookEnvelope")
public class WebhookEnvelopeBuilder implements Processor {

    private final ConnectorRegistry connectors;
    private final Clock clock;

    public WebhookEnvelopeBuilder(ConnectorRegistry connectors, Clock clock) {
        this.connectors = connectors;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        WebhookRequest request = exchange.getProperty(WebhookVerification.REQUEST_PROPERTY, WebhookRequest.class);
        WebhookEnvelope envelope = connectors.require(request.connectorId()).marketplace().envelope(request);
        Message message = exchange.getMessage();
        // nothing of the HTTP request travels on except what the envelope names
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, request.connectorId() + ':' + envelope.resourceId());
        message.setHeader(IngestHeaders.CONNECTOR, request.connectorId());
        message.setHeader(IngestHeaders.EVENT_ID, EnvelopeLimits.eventId(envelope.eventId()));
        message.setHeader(IngestHeaders.EVENT_TYPE, EnvelopeLimits.eventType(envelope.eventType()));
        message.setHeader(IngestHeaders.RECEIVED_AT, Long.toString(clock.millis()));
        envelope.retainedHeaders().forEach(message::setHeader);
        message.setBody(request.body());
    }
}
