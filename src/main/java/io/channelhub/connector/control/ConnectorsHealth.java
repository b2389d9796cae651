package io.channelhub.connector.control;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/connectors/<id>}: one health component per connector. DOWN when a connector that is not
 * paused has its processing stopped (its events pile up unapplied); UP otherwise. An open stock-push breaker is
 * shown in the details, not as DOWN: the marketplace is down, not this instance. Details (processing, breaker,
 * last webhook and applied event, queue depth) are shown to callers with a credential in {@code GET /ops/connectors};
 * the public health endpoint shows the statuses only.
 *
 * <p>In neither the liveness nor the readiness group: a stopped processing route does not stop webhooks being
 * stored, so neither a restart nor taking the instance out of the load balancer is the answer.
 */
@Component("connectors")
class ConnectorsHealth implements CompositeHealthContributor {

    private static final List<String> RUNNING = List.of("Started", "Starting");

    private final ConnectorRegistry connectors;
    private final ConnectorOverviews overviews;

    ConnectorsHealth(ConnectorRegistry connectors, ConnectorOverviews overviews) {
        this.connectors = connectors;
        this.overviews = overviews;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return connectors.find(name).map(this::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return connectors.all().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .map(connector -> NamedContributor.<HealthContributor>of(connector.id(), indicator(connector))).iterator();
    }

    private HealthIndicator indicator(ConfiguredConnector connector) {
        return () -> health(overviews.of(connector));
    }

    /**
     * DOWN when processing is not paused and its route is not running, including a route that does not exist (yet):
     * right after a start, before Camel has added it, its events are not being applied either.
     */
    static Health health(ConnectorOverview overview) {
        String route = overview.processingRoute();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("processing", overview.processingPaused() ? "paused" : route != null ? route : "absent");
        details.put("stockPushBreaker", overview.breakerState());
        details.put("stockPushes", overview.pushesStock() ? overview.stockPushesDisabled() ? "disabled" : "enabled" : null);
        details.put("lastWebhookAt", overview.lastWebhookAt());
        details.put("lastAppliedAt", overview.lastAppliedAt());
        details.put("queueDepth", overview.queueDepth());
        details.values().removeIf(value -> value == null);
        boolean stuck = !overview.processingPaused() && (route == null || !RUNNING.contains(route));
        return (stuck ? Health.down() : Health.up()).withDetails(details).build();
    }
}
