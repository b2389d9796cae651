package io.channelhub.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * The {@code amazon} type. Options: {@code auth-header} (default {@code x-api-key}: the header the EventBridge
 * connection sends, whose value is the connector's secret), for the Orders API {@code api-base-url},
 * {@code token-url}, {@code client-id}, {@code client-secret}, {@code refresh-token}, for reconciliation
 * {@code marketplace-ids} (comma-separated: the marketplaces whose orders are listed), and for stock {@code seller-id}
 * (the selling partner whose listings are set, in the marketplace named first in {@code marketplace-ids}).
 */
@Component
public class AmazonConnector implements MarketplaceConnector {

    private final ObjectMapper json;
    private final AmazonOrdersApi ordersApi;
    private final AmazonOrderNormaliser normaliser;
    private final AmazonListingsApi listingsApi;

    public AmazonConnector(ObjectMapper json, AmazonOrdersApi ordersApi, AmazonOrderNormaliser normaliser,
            AmazonListingsApi listingsApi) {
        this.json = json;
        this.ordersApi = ordersApi;
        this.normaliser = normaliser;
        this.listingsApi = listingsApi;
    }

    @Override
    public String type() {
        return "amazon";
    }

    /**
     * Checks {@code marketplace-ids} and {@code seller-id} when given; only polling and stock need them, so a
     * connector without them still starts. A seller id needs a marketplace to name in stock calls.
     */
    @Override
    public void validate(String connectorId, ConnectorSettings settings) {
        if (!settings.option("marketplace-ids", "").isBlank()) {
            AmazonOrdersApi.marketplaceIds(connectorId, settings);
        }
        AmazonListingsApi.validate(connectorId, settings);
    }

    /** No signature: EventBridge API destinations authenticate with a configured header; compared in constant time. */
    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        if (!settings.hasSecret()) {
            return SignatureCheck.NO_SECRET_CONFIGURED;
        }
        String presented = request.header(settings.option("auth-header", "x-api-key"));
        if (presented == null) {
            return SignatureCheck.MISSING;
        }
        if (equal(presented, settings.secret())) {
            return SignatureCheck.VALID_CURRENT_SECRET;
        }
        String previous = settings.previousSecret();
        return previous != null && !previous.isBlank() && equal(presented, previous)
                ? SignatureCheck.VALID_PREVIOUS_SECRET : SignatureCheck.INVALID;
    }

    /** NotificationId is the idempotency key; the key and resource are the AmazonOrderId it names. */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        JsonNode notification = notification(request.body());
        String notificationId = text(notification.path("NotificationMetadata"), "NotificationId");
        String orderId = text(notification.path("Payload").path("OrderChangeNotification"), "AmazonOrderId");
        String eventId = notificationId != null ? notificationId : PayloadFields.sha256Id(request.body());
        String type = text(notification, "NotificationType");
        return new WebhookEnvelope(eventId, type != null ? type : "unknown", orderId != null ? orderId : eventId, Map.of());
    }

    @Override
    public InboundEvent resolve(InboundEvent event, ConnectorSettings settings) {
        return ordersApi.fetchOrderFor(event, notification(event.body()), settings);
    }

    @Override
    public boolean resolvesResources() {
        return true;
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    @Override
    public boolean pollsOrders() {
        return true;
    }

    /**
     * A page of getOrders (LastUpdatedAfter {@code since}, then NextToken), each order with its items in the form
     * {@link #resolve} gives, so it is applied without another call. Needs option {@code marketplace-ids}.
     */
    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        return ordersApi.changedOrders(connectorId, settings, since, cursor);
    }

    @Override
    public boolean pushesStock() {
        return true;
    }

    /** The seller's SKU on Amazon; optional: a listing without it is pushed under our SKU. */
    @Override
    public List<String> listingIdNames() {
        return List.of(AmazonListingsApi.SELLER_SKU);
    }

    /** patchListingsItem sets one listing a call. */
    @Override
    public int maxStockBatch() {
        return 1;
    }

    /**
     * One patchListingsItem per update, in order, each after a getListingsItem that makes sure Amazon knows the
     * listing (see {@link AmazonListingsApi}). Needs options {@code seller-id} and {@code marketplace-ids}.
     */
    @Override
    public List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        return updates.stream().map(update -> listingsApi.push(connectorId, settings, update)).toList();
    }

    /** The DEFAULT (seller-fulfilled) quantity getListingsItem shows; empty when Amazon does not know the listing. */
    @Override
    public OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return listingsApi.listedQuantity(connectorId, settings, listing);
    }

    @Override
    public boolean importsListings() {
        return true;
    }

    /** Every listing of the seller in the first marketplace, from searchListingsItems; its seller SKU is taken as ours. */
    @Override
    public List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        return listingsApi.importListings(connectorId, settings);
    }

    /** The notification itself, whether EventBridge forwarded its whole event (with "detail") or only the detail. */
    JsonNode notification(byte[] body) {
        JsonNode root = PayloadJson.treeOrEmpty(json, body);
        return root.has("detail") ? root.get("detail") : root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean equal(String presented, String expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
