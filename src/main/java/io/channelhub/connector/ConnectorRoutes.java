package io.channelhub.connector;

import io.channelhub.kafka.HubTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * Instantiates every flow template for every configured connector instance: a connector is configuration, not a
 * route file. Camel creates the routes from this parameter source (found in its registry) when it starts.
 * Route ids are {@code <template>-<connector>}, e.g. {@code webhook-ingest-shopify}.
 */
@Component
public class ConnectorRoutes implements RouteTemplateParameterSource {

    /** The flow templates (routes/templates) each connector instance gets. */
    public static final List<String> TEMPLATES = List.of("webhook-ingest", "process");

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public ConnectorRoutes(ConnectorRegistry connectors, HubTopics topics) {
        for (ConfiguredConnector connector : connectors.all()) {
            for (String template : TEMPLATES) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put(TEMPLATE_ID, template);
                parameters.put("connectorId", connector.id());
                parameters.put("inboundTopic", topics.inbound(connector.id()));
                routes.put(template + "-" + connector.id(), parameters);
            }
        }
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
