package io.channelhub.connector;

/** A connector instance: its id, its settings and the marketplace type that serves it. */
public record ConfiguredConnector(String id, ConnectorSettings settings, MarketplaceConnector marketplace) {

    /** Whether the instance has the API settings (options) its marketplace's calls need; without them, webhooks only. */
    public boolean apiConfigured() {
        return marketplace.apiConfigured(settings);
    }

    /** Whether the instance gets reconciliation: its marketplace lists orders and its API is configured. */
    public boolean reconciles() {
        return apiConfigured() && marketplace.pollsOrders();
    }

    /** Whether the instance gets stock pushes: its marketplace takes stock writes and its API is configured. */
    public boolean pushesStock() {
        return apiConfigured() && marketplace.pushesStock();
    }
}
