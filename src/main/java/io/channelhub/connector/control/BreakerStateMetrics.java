package io.channelhub.connector.control;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code hub_stock_breaker_state{connector,state}}: 1 for the state each connector's stock-push circuit breaker is in
 * on this instance, 0 for the others, and no value while its route is not running.
 */
@Component
class BreakerStateMetrics {

    static final List<String> STATES = List.of("CLOSED", "OPEN", "HALF_OPEN");

    BreakerStateMetrics(ConnectorRegistry connectors, ConnectorRouteStates routes, MeterRegistry meters) {
        for (ConfiguredConnector connector : connectors.all()) {
            if (!connector.pushesStock()) {
                continue;
            }
            for (String state : STATES) {
                Gauge.builder("hub.stock.breaker.state", () -> {
                    String current = routes.breaker(connector.id());
                    return current == null ? Double.NaN : current.equals(state) ? 1 : 0;
                }).tag("connector", connector.id()).tag("state", state)
                        .description("1 for the state the connector's stock-push breaker is in").register(meters);
            }
        }
    }
}
