package io.channelhub.connector.control;

import org.apache.camel.CamelContext;
import org.apache.camel.Channel;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.stereotype.Component;

/** What this instance's Camel routes of a connector are doing: its processing route's status, its breaker's state. */
@Component
class ConnectorRouteStates {

    /** The id of the circuit breaker step in routes/templates/stock-push.camel.yaml. */
    private static final String BREAKER_ID = "marketplace-breaker";

    private final CamelContext camel;

    ConnectorRouteStates(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * {@code Started} or {@code Stopped} (or Camel's word for a transition: {@code Starting}, {@code Stopping});
     * a route built stopped and never started is {@code Stopped} too. Null when the connector has no such route.
     */
    String processing(String connectorId) {
        ServiceStatus status = camel.getRouteController().getRouteStatus("process-" + connectorId);
        if (status == null) {
            return null;
        }
        return status == ServiceStatus.Initialized ? ServiceStatus.Stopped.name() : status.name();
    }

    /**
     * The state of the connector's stock-push circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), read
     * from the running route's resilience4j step; null when the connector has no stock-push route or it is not running.
     */
    String breaker(String connectorId) {
        Route route = camel.getRoute("stock-push-" + connectorId);
        ResilienceProcessor breaker = route == null ? null : find(route.navigate());
        return breaker == null || breaker.getCircuitBreaker() == null ? null : breaker.getCircuitBreakerState();
    }

    /**
     * Walks the route's steps. Camel gives the steps of a templated route ids with a per-route prefix
     * ({@code route-11marketplace-breaker}), so the step is matched by the end of its id.
     */
    private static ResilienceProcessor find(Navigate<Processor> steps) {
        if (steps == null || steps.next() == null) {
            return null;
        }
        for (Processor step : steps.next()) {
            Processor inner = step instanceof Channel channel ? channel.getNextProcessor() : step;
            if (inner instanceof ResilienceProcessor breaker && breaker.getId() != null
                    && breaker.getId().endsWith(BREAKER_ID)) {
                return breaker;
            }
            if (inner instanceof Navigate<?> nested) {
                @SuppressWarnings("unchecked")
                ResilienceProcessor found = find((Navigate<Processor>) nested);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
