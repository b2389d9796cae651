package io.channelhub.ops;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The connector an ops request names, or the answer to give instead: 404 for an id that is not configured, 409 for
 * an action the connector cannot take (its marketplace has no such API, or the instance has no API settings). One
 * place, so every ops endpoint refuses the same way with the same words.
 */
@Component
public class OpsConnectors {

    private final ConnectorRegistry connectors;

    public OpsConnectors(ConnectorRegistry connectors) {
        this.connectors = connectors;
    }

    /** The configured connector, or 404. */
    public ConfiguredConnector require(String connectorId) {
        return connectors.find(connectorId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no connector " + connectorId));
    }

    /** A connector that reconciles orders, or 404/409. */
    public ConfiguredConnector reconciling(String connectorId) {
        ConfiguredConnector connector = require(connectorId);
        if (!connector.marketplace().pollsOrders()) {
            throw conflict(connector, "cannot list orders: it has no reconciliation");
        }
        return withApi(connector);
    }

    /** A connector that pushes stock, or 404/409. */
    public ConfiguredConnector pushingStock(String connectorId) {
        ConfiguredConnector connector = require(connectorId);
        if (!connector.marketplace().pushesStock()) {
            throw conflict(connector, "cannot push stock");
        }
        return withApi(connector);
    }

    private static ConfiguredConnector withApi(ConfiguredConnector connector) {
        if (!connector.apiConfigured()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "connector " + connector.id()
                    + " has no API settings (hub.connectors." + connector.id() + ".options): webhooks only");
        }
        return connector;
    }

    private static ResponseStatusException conflict(ConfiguredConnector connector, String why) {
        return new ResponseStatusException(HttpStatus.CONFLICT, "connector " + connector.id() + " (type "
                + connector.marketplace().type() + ") " + why);
    }
}
