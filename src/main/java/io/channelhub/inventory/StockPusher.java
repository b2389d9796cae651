package io.channelhub.inventory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import io.channelhub.connector.ConnectorRoutes;
import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Inside the connector's circuit breaker: sends the round's updates through the connector, in batches of the size the
 * marketplace takes, renewing the push lease before each batch. When a batch fails the breaker hands back only the
 * failure, so the whole round counts as failed: the pushes stay marked and go out again (quantities are absolute, so
 * sending one twice is harmless).
 */
@Component("stockPusher")
public class StockPusher implements Processor {

    /** Exchange property with the results received, in the order of the round's pushes. */
    public static final String RESULTS_PROPERTY = "hubStockPushResults";

    private final ConnectorRegistry connectors;
    private final StockPushLease lease;
    private final MeterRegistry meters;

    public StockPusher(ConnectorRegistry connectors, StockPushLease lease, MeterRegistry meters) {
        this.connectors = connectors;
        this.lease = lease;
        this.meters = meters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<PendingPush> pushes = exchange.getMessage().getBody(List.class);
        ConfiguredConnector connector = connectors.require(exchange.getMessage().getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class));
        List<StockPushResult> results = new ArrayList<>();
        exchange.setProperty(RESULTS_PROPERTY, results);
        int batch = Math.max(1, connector.marketplace().maxStockBatch());
        for (int from = 0; from < pushes.size(); from += batch) {
            if (from > 0 && !lease.acquire(connector.id())) {
                // another instance took over: what is left stays marked and is pushed by the new holder
                return;
            }
            List<StockUpdate> updates = pushes.subList(from, Math.min(pushes.size(), from + batch)).stream()
                    .map(PendingPush::update).toList();
            List<StockPushResult> answered = callTimer(connector.id()).record(() ->
                    connector.marketplace().pushStock(connector.id(), connector.settings(), updates));
            if (answered.size() != updates.size()) {
                throw new IllegalStateException("connector " + connector.id() + " answered " + answered.size()
                        + " results for " + updates.size() + " stock updates");
            }
            results.addAll(answered);
        }
    }

    /** {@code hub_stock_push_seconds{connector}}: one call to the marketplace's stock API, failed calls included. */
    private Timer callTimer(String connectorId) {
        return Timer.builder("hub.stock.push").description("one stock call to the marketplace")
                .tag("connector", connectorId).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(meters);
    }
}
