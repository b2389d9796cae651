package io.channelhub.order;

import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.InboundEvent;
import io.channelhub.process.InboundEventReader;
import io.channelhub.process.ResourceResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies one inbound event inside the event's transaction: the connector normalises its payload, the store
 * applies it with the version guard. Runs only for events the idempotent repository has not seen.
 */
@Component("orderEventApplier")
public class OrderEventApplier implements Processor {

    /** Message header with the {@link ApplyOutcome}, for the routes and tests that look. */
    public static final String OUTCOME_HEADER = "HubApplyOutcome";
    private static final Logger log = LoggerFactory.getLogger(OrderEventApplier.class);

    private final ConnectorRegistry connectors;
    private final OrderStore store;
    private final MeterRegistry meters;
    private final List<OrderChangeListener> listeners;

    public OrderEventApplier(ConnectorRegistry connectors, OrderStore store, MeterRegistry meters,
            List<OrderChangeListener> listeners) {
        this.connectors = connectors;
        this.store = store;
        this.meters = meters;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void process(Exchange exchange) {
        InboundEvent event = exchange.getProperty(ResourceResolver.RESOLVED_PROPERTY, InboundEvent.class);
        if (event == null) {
            event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        }
        CanonicalOrder order = connectors.require(event.connectorId()).marketplace().normalise(event);
        ApplyOutcome outcome = store.apply(order, event.eventId(), event.eventType());
        if (outcome == ApplyOutcome.CREATED || outcome == ApplyOutcome.UPDATED) {
            listeners.forEach(listener -> listener.orderChanged(order));
        }
        exchange.getMessage().setHeader(OUTCOME_HEADER, outcome);
        meters.counter("hub.orders.events", "connector", event.connectorId(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .increment();
        log.debug("connector={} event={} order={} {}", event.connectorId(), event.eventId(), order.externalId(), outcome);
    }
}
