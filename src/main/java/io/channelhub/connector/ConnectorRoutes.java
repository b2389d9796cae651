package io.channelhub.connector;

import io.channelhub.kafka.HubTopics;
import io.channelhub.reconcile.ReconcileProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Instantiates every flow template for every configured connector instance: a connector is configuration, not a
 * route file. Camel creates the routes from this parameter source (found in its registry) when it starts.
 * Route ids are {@code <template>-<connector>}, e.g. {@code webhook-ingest-shopify}.
 */
@Component
public class ConnectorRoutes implements RouteTemplateParameterSource {

    /**
     * The flow templates (routes/templates). Every connector instance gets webhook-ingest and process; those whose
     * marketplace lists orders also get reconcile-poll, and reconcile-schedule unless scheduling is disabled for them;
     * those whose marketplace takes stock writes get stock-push and stock-reconcile.
     */
    public static final List<String> TEMPLATES =
            List.of("webhook-ingest", "process", "reconcile-poll", "reconcile-schedule", "stock-push", "stock-reconcile");

    /** Camel message header every template's route sets first, from its connectorId parameter. */
    public static final String CONNECTOR_HEADER = "HubConnectorId";

    private static final Logger log = LoggerFactory.getLogger(ConnectorRoutes.class);

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public ConnectorRoutes(ConnectorRegistry connectors, HubTopics topics, ReconcileProperties reconcile,
            @Value("${hub.stock.reconcile-schedule:0 30 * * * ?}") String stockReconcileSchedule) {
        for (ConfiguredConnector connector : connectors.all()) {
            String id = connector.id();
            add("webhook-ingest", id, Map.of("inboundTopic", topics.inbound(id)));
            add("process", id, Map.of("inboundTopic", topics.inbound(id)));
            if (!connector.apiConfigured()) {
                log.info("connector={} has no API settings (options): webhooks only, no reconciliation or stock sync", id);
            }
            if (connector.reconciles()) {
                add("reconcile-poll", id, Map.of("inboundTopic", topics.inbound(id)));
                if (reconcile.scheduled(id)) {
                    add("reconcile-schedule", id, Map.of("schedule", reconcile.scheduleOf(id)));
                }
            }
            if (connector.pushesStock()) {
                add("stock-push", id, Map.of());
                add("stock-reconcile", id, Map.of("schedule", stockReconcileSchedule));
            }
        }
    }

    private void add(String template, String connectorId, Map<String, Object> templateParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(TEMPLATE_ID, template);
        parameters.put("connectorId", connectorId);
        parameters.putAll(templateParameters);
        routes.put(template + "-" + connectorId, parameters);
    }

    /** The connector ids whose reconciliation runs on a schedule. */
    public Set<String> scheduledReconciliations() {
        return routes.keySet().stream().filter(id -> id.startsWith("reconcile-schedule-"))
                .map(id -> id.substring("reconcile-schedule-".length())).collect(Collectors.toSet());
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return new LinkedHashMap<>(routes.get(routeId));
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }
}
