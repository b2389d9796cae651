package io.channelhub.connector;

/** A connector instance: its id, its settings and the marketplace type that serves it. */
public record ConfiguredConnector(String id, ConnectorSettings settings, MarketplaceConnector marketplace) {
}
