package io.channelhub.connector.shopify;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.MarketplaceUnavailableException;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code shopify} marketplace type. Stock is set one inventory level per call ({@code inventory_levels/set.json}
 * has no batch form), with the listing ids {@code inventoryItemId} and {@code locationId} (see
 * {@link ShopifyInventoryApi}).
 */
@Component
public class ShopifyConnector implements MarketplaceConnector {

    private final ShopifySignatureVerifier verifier;
    private final ShopifyOrderNormaliser normaliser;
    private final ShopifyAdminApi adminApi;
    private final ShopifyInventoryApi inventoryApi;

    public ShopifyConnector(ShopifySignatureVerifier verifier, ShopifyOrderNormaliser normaliser, ShopifyAdminApi adminApi,
            ShopifyInventoryApi inventoryApi) {
        this.verifier = verifier;
        this.normaliser = normaliser;
        this.adminApi = adminApi;
        this.inventoryApi = inventoryApi;
    }

    @Override
    public String type() {
        return "shopify";
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        return verifier.verify(request, settings);
    }

    /**
     * The event id is X-Shopify-Event-Id, shared by every delivery of one event (also across subscriptions);
     * X-Shopify-Webhook-Id, stable across retries of one delivery, is the fallback for senders that omit it.
     */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        String eventId = firstNonNull(request.header("X-Shopify-Event-Id"), request.header("X-Shopify-Webhook-Id"));
        if (eventId == null) {
            eventId = PayloadFields.sha256Id(request.body());
        }
        String topic = firstNonNull(request.header("X-Shopify-Topic"), "unknown");
        String resourceId = firstNonNull(PayloadFields.topLevel(request.body(), Set.of("id")).get("id"), eventId);
        return new WebhookEnvelope(eventId, topic, resourceId,
                request.headersStartingWith("x-shopify-", Set.of("x-shopify-hmac-sha256")));
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    /** Webhooks need only the secret; reconciliation and stock sync need the API's address and credentials. */
    @Override
    public boolean apiConfigured(ConnectorSettings settings) {
        return settings.hasOptions("api-base-url", "access-token");
    }

    @Override
    public boolean pollsOrders() {
        return true;
    }

    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        return adminApi.ordersChangedSince(connectorId, settings, since, cursor);
    }

    @Override
    public boolean pushesStock() {
        return true;
    }

    @Override
    public List<String> listingIdNames() {
        return List.of(ShopifyInventoryApi.INVENTORY_ITEM_ID, ShopifyInventoryApi.LOCATION_ID);
    }

    @Override
    public int maxStockBatch() {
        return 1;
    }

    /**
     * One set call per update. Setting is absolute, so when a later call of a batch fails as a whole and the engine
     * repeats the batch, repeating the earlier ones is harmless.
     */
    @Override
    public List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        List<StockPushResult> results = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            results.add(push(connectorId, settings, update));
        }
        return results;
    }

    @Override
    public OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return inventoryApi.available(connectorId, settings, listing);
    }

    @Override
    public boolean importsListings() {
        return true;
    }

    @Override
    public List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        return inventoryApi.variantsWithSku(connectorId, settings);
    }

    private StockPushResult push(String connectorId, ConnectorSettings settings, StockUpdate update) {
        try {
            inventoryApi.setAvailable(connectorId, settings, update.listing(), update.quantity());
            return StockPushResult.applied(update);
        } catch (MarketplaceRefusedException refused) {
            return StockPushResult.refused(update, refused.getMessage());
        } catch (MarketplaceUnavailableException unavailable) {
            if (unavailable.status() == 404) {
                // set.json answers 404 for an inventory item or location the shop does not have (a deleted variant,
                // a mistyped id): no later try will find it, unlike the 404 of an order not yet readable
                return StockPushResult.refused(update, unavailable.getMessage());
            }
            throw unavailable;
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
