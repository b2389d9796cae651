package io.channelhub.process;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.IngestHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Processing step before the transaction: for marketplaces whose webhooks only name the resource, the connector
 * fetches it from the marketplace's API; for the others the event passes through unchanged.
 */
@Component("resourceResolver")
public class ResourceResolver implements Processor {

    /**
     * Exchange property with the resolved event. The received event stays where it was, so a dead letter keeps the
     * bytes the marketplace sent, not what we fetched.
     */
    public static final String RESOLVED_PROPERTY = "hubResolvedEvent";

    private final ConnectorRegistry connectors;
    private final EventDeduplicationRepository applied;

    public ResourceResolver(ConnectorRegistry connectors, EventDeduplicationRepository applied) {
        this.connectors = connectors;
        this.applied = applied;
    }

    @Override
    public void process(Exchange exchange) {
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        ConfiguredConnector connector = connectors.require(event.connectorId());
        if (!connector.marketplace().resolvesResources()
                // reconciliation stored the fetched order itself: nothing left to fetch
                || IngestHeaders.SOURCE_RECONCILE.equals(event.headers().get(IngestHeaders.SOURCE))
                || applied.contains(exchange.getMessage().getHeader(InboundEventReader.EVENT_KEY_HEADER, String.class))) {
            // nothing to fetch, or a redelivered notification of an event already applied: spare the marketplace's
            // rate limit, the idempotent consumer skips it anyway
            return;
        }
        exchange.setProperty(RESOLVED_PROPERTY, connector.marketplace().resolve(event, connector.settings()));
    }
}
