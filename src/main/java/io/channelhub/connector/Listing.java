package io.channelhub.connector;

import java.util.Map;

/**
 * Where one of our SKUs is sold on one connector's marketplace, with the marketplace's own ids that its stock API
 * needs (Shopify: {@code inventoryItemId} and {@code locationId}; Bol.com: {@code offerId}; eBay: {@code offerId};
 * Amazon: {@code sellerSku}; WooCommerce: {@code productId} and, for a variation, {@code variationId}). Each
 * connector type names the ids it needs in {@link MarketplaceConnector#listingIdNames()}.
 *
 * @param connectorId the connector instance
 * @param sku         our SKU
 * @param ids         the marketplace's ids, by the names the connector type documents
 */
public record Listing(String connectorId, String sku, Map<String, String> ids) {

    public Listing {
        ids = Map.copyOf(ids);
    }

    /** An id the connector needs; a listing without it cannot be pushed. */
    public String requiredId(String name) {
        String value = ids.get(name);
        if (value == null || value.isBlank()) {
            throw new MarketplaceRefusedException(0, "listing of " + sku + " on " + connectorId + " has no " + name);
        }
        return value;
    }
}
