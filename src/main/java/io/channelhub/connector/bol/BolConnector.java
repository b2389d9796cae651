package io.channelhub.connector.bol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.FetchedPublicKeys;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * The {@code bol} type. A push is {@code {"retailerId", "timestamp", "event": {"resource", "type", "resourceId"}}}:
 * a notification. ORDER pushes are resolved by fetching the order; other resources are not handled yet. Orders are
 * also polled from the order list for reconciliation. Stock is set per offer ({@code offerId}) through Bol's
 * asynchronous offer-stock writes, and listings are imported from the offer export.
 */
@Component
public class BolConnector implements MarketplaceConnector {

    private final ObjectMapper json;
    private final BolApi api;
    private final FetchedPublicKeys keys;
    private final BolOrderNormaliser normaliser;
    private final BolOrderPoller poller;
    private final BolStockWriter stock;
    private final BolOfferExport offers;

    public BolConnector(ObjectMapper json, BolApi api, FetchedPublicKeys keys, BolOrderNormaliser normaliser,
            BolOrderPoller poller, BolStockWriter stock, BolOfferExport offers) {
        this.json = json;
        this.api = api;
        this.keys = keys;
        this.normaliser = normaliser;
        this.poller = poller;
        this.stock = stock;
        this.offers = offers;
    }

    @Override
    public String type() {
        return "bol";
    }

    @Override
    public boolean usesSharedSecret() {
        return false;
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        return verifyAsync(request, settings).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<SignatureCheck> verifyAsync(WebhookRequest request, ConnectorSettings settings) {
        String header = request.header(BolSignature.HEADER);
        if (header == null) {
            return CompletableFuture.completedFuture(SignatureCheck.MISSING);
        }
        BolSignature signature = BolSignature.parse(header);
        if (signature == null) {
            return CompletableFuture.completedFuture(SignatureCheck.INVALID);
        }
        return keys.check(request.connectorId(), signature.keyId(),
                () -> api.signatureKey(request.connectorId(), settings, signature.keyId()),
                key -> signature.verifies(key, request.body()));
    }

    /**
     * A push carries no id of its own: the event is the resource's change at the push's timestamp,
     * {@code <resource>:<type>:<resourceId>:<timestamp>}, which Bol's retries repeat.
     */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        JsonNode push = PayloadJson.treeOrEmpty(json, request.body());
        JsonNode event = push.path("event");
        String resource = event.path("resource").asText(null);
        String resourceId = event.path("resourceId").asText(null);
        String timestamp = push.path("timestamp").asText(null);
        String eventId = resource != null && resourceId != null && timestamp != null
                ? resource + ":" + event.path("type").asText("") + ":" + resourceId + ":" + timestamp
                : PayloadFields.sha256Id(request.body());
        return new WebhookEnvelope(eventId, resource == null ? "unknown" : resource + ":" + event.path("type").asText(""),
                resourceId != null ? resourceId : eventId, Map.of());
    }

    @Override
    public boolean resolvesResources() {
        return true;
    }

    /** The order the push names, with the push's timestamp as the version: {"order": ..., "notifiedAt": ...}. */
    @Override
    public InboundEvent resolve(InboundEvent event, ConnectorSettings settings) {
        JsonNode push = PayloadJson.treeOrEmpty(json, event.body());
        if (!"ORDER".equals(push.path("event").path("resource").asText(null))) {
            throw new PermanentEventException("Bol push for resource '" + push.path("event").path("resource").asText()
                    + "' is not handled (only ORDER)");
        }
        String orderId = push.path("event").path("resourceId").asText(null);
        String timestamp = push.path("timestamp").asText(null);
        if (orderId == null || timestamp == null) {
            throw new PermanentEventException("Bol push needs event.resourceId and timestamp");
        }
        ObjectNode resolved = json.createObjectNode();
        resolved.set("order", PayloadJson.treeOrEmpty(json, api.order(event.connectorId(), settings, orderId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        resolved.put("notifiedAt", timestamp);
        try {
            return new InboundEvent(event.connectorId(), event.eventId(), event.eventType(), event.receivedAt(),
                    event.headers(), json.writeValueAsBytes(resolved));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    @Override
    public boolean pollsOrders() {
        return true;
    }

    /** One page of Bol's order list, each order fetched and shaped as a resolved push; see {@link BolOrderPoller}. */
    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        return poller.page(connectorId, settings, since, cursor);
    }

    @Override
    public boolean pushesStock() {
        return true;
    }

    @Override
    public List<String> listingIdNames() {
        return List.of(BolStockWriter.OFFER_ID);
    }

    /** Bol sets one offer's stock per call. */
    @Override
    public int maxStockBatch() {
        return 1;
    }

    /** PUT each offer's stock and follow Bol's process status up; see {@link BolStockWriter}. */
    @Override
    public List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        return stock.push(connectorId, settings, updates);
    }

    @Override
    public OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return stock.listedQuantity(connectorId, settings, listing);
    }

    @Override
    public boolean importsListings() {
        return true;
    }

    /** From Bol's asynchronous offer export; see {@link BolOfferExport}. */
    @Override
    public List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        return offers.listings(connectorId, settings);
    }
}
