package io.channelhub.connector;

/**
 * One order as a reconciliation run read it from the marketplace's API.
 *
 * @param orderId   the marketplace's order id (the same one its webhooks name)
 * @param eventType the event type it is stored under: one the connector's {@link MarketplaceConnector#normalise}
 *                  handles, e.g. {@code orders/updated}
 * @param body      the order in exactly the form {@link MarketplaceConnector#normalise} reads (for marketplaces whose
 *                  webhooks are resolved, the resolved form: nothing is fetched again on the processing side)
 */
public record PolledOrder(String orderId, String eventType, byte[] body) {
}
