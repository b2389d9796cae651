package io.channelhub.connector;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured connector instances, each bound to its marketplace type. Fails at start-up on a type no
 * module provides, so a typo in configuration is found before the first webhook is refused.
 */
@Component
public class ConnectorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    private final Map<String, ConfiguredConnector> byId;
    private final Set<String> internal;

    public ConnectorRegistry(ConnectorsProperties properties, List<MarketplaceConnector> marketplaces,
            ObjectProvider<InternalConnector> internalProvider) {
        List<InternalConnector> internalConnectors = internalProvider.orderedStream().toList();
        Map<String, MarketplaceConnector> byType = marketplaces.stream()
                .collect(Collectors.toMap(MarketplaceConnector::type, Function.identity()));
        Map<String, ConfiguredConnector> connectors = new LinkedHashMap<>();
        properties.connectors().forEach((id, settings) -> {
            MarketplaceConnector marketplace = byType.get(settings.type());
            if (marketplace == null) {
                throw new IllegalStateException("connector '" + id + "' has type '" + settings.type()
                        + "', which no module provides; known types: " + byType.keySet());
            }
            marketplace.validate(id, settings);
            if (marketplace.usesSharedSecret() && !settings.hasSecret()) {
                log.warn("connector={} has no secret configured: every webhook to it will be refused with 401", id);
            }
            connectors.put(id, new ConfiguredConnector(id, settings, marketplace));
        });
        for (InternalConnector extra : internalConnectors) {
            if (connectors.containsKey(extra.id())) {
                throw new IllegalStateException("connector '" + extra.id() + "' is configured, but the hub uses that id for "
                        + extra.purpose() + "; choose another id for one of them");
            }
            connectors.put(extra.id(), new ConfiguredConnector(extra.id(), extra.settings(),
                    byType.get(extra.settings().type())));
        }
        this.byId = Map.copyOf(connectors);
        this.internal = internalConnectors.stream().map(InternalConnector::id).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<ConfiguredConnector> find(String connectorId) {
        return Optional.ofNullable(byId.get(connectorId));
    }

    /** The connector, which must exist: used where the id came from our own topic names or records. */
    public ConfiguredConnector require(String connectorId) {
        return find(connectorId).orElseThrow(() -> new PermanentEventException(
                "connector '" + connectorId + "' is not configured (any more)"));
    }

    /**
     * Whether the connector is the hub's own (the synthetic probe's): its orders are not for people and never touch
     * stock.
     */
    public boolean isInternal(String connectorId) {
        return internal.contains(connectorId);
    }

    /** The ids of the hub's own connectors. */
    public Set<String> internalIds() {
        return internal;
    }

    public Collection<ConfiguredConnector> all() {
        return byId.values();
    }
}
