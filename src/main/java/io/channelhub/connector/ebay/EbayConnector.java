package io.channelhub.connector.ebay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.DirectAnswer;
import io.channelhub.connector.FetchedPublicKeys;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code ebay} type. Options besides the API's ({@link EbayApi}): {@code verification-token} and
 * {@code endpoint-url} (exactly as registered with eBay) for the endpoint challenge, and {@code order-id-field}
 * (default {@code orderId}), the field of {@code notification.data} that names the order; for reconciliation
 * {@code poll-page-size} (default and most 200), the orders asked for per getOrders page. Stock goes through the
 * Inventory API ({@link EbayInventory}): listings name an {@code offerId} and, when eBay's inventory item SKU is
 * not ours, a {@code sku}.
 */
@Component
public class EbayConnector implements MarketplaceConnector {

    static final String SIGNATURE_HEADER = "X-EBAY-SIGNATURE";
    /** The event type polled orders are stored under: the API call they came from (the normaliser reads any). */
    static final String POLLED_EVENT_TYPE = "getOrders";

    private static final Logger log = LoggerFactory.getLogger(EbayConnector.class);

    private final ObjectMapper json;
    private final EbayApi api;
    private final FetchedPublicKeys keys;
    private final EbayOrderNormaliser normaliser;
    private final EbayInventory inventory;

    public EbayConnector(ObjectMapper json, EbayApi api, FetchedPublicKeys keys, EbayOrderNormaliser normaliser) {
        this.json = json;
        this.api = api;
        this.keys = keys;
        this.normaliser = normaliser;
        this.inventory = new EbayInventory(api, json);
    }

    @Override
    public String type() {
        return "ebay";
    }

    /** eBay signs with keys it publishes, not with a secret we configure. */
    @Override
    public boolean usesSharedSecret() {
        return false;
    }

    /** eBay's own convention: a notification whose signature does not verify is answered 412. */
    @Override
    public int refusalStatus() {
        return 412;
    }

    /**
     * eBay proves the endpoint with {@code GET ?challenge_code=X}, expecting
     * {@code {"challengeResponse": hex(SHA-256(X + verification token + endpoint URL))}}.
     */
    @Override
    public Optional<DirectAnswer> directAnswer(WebhookRequest request, ConnectorSettings settings) {
        String code = request.header("challenge_code");
        if (code == null || !"GET".equalsIgnoreCase(request.header("CamelHttpMethod"))) {
            return Optional.empty();
        }
        String token = settings.requiredOption(request.connectorId(), "verification-token");
        String endpoint = settings.requiredOption(request.connectorId(), "endpoint-url");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((code + token + endpoint).getBytes(StandardCharsets.UTF_8));
            byte[] body = ("{\"challengeResponse\":\"" + HexFormat.of().formatHex(digest) + "\"}").getBytes(StandardCharsets.UTF_8);
            return Optional.of(new DirectAnswer(200, "application/json", body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        return verifyAsync(request, settings).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<SignatureCheck> verifyAsync(WebhookRequest request, ConnectorSettings settings) {
        String header = request.header(SIGNATURE_HEADER);
        if (header == null) {
            return CompletableFuture.completedFuture(SignatureCheck.MISSING);
        }
        EbaySignature signature = EbaySignature.parse(header, json);
        if (signature == null) {
            return CompletableFuture.completedFuture(SignatureCheck.INVALID);
        }
        return keys.check(request.connectorId(), signature.keyId(),
                () -> api.publicKey(request.connectorId(), settings, signature.keyId()),
                key -> signature.verifies(key, request.body()));
    }

    /** notification.notificationId is the idempotency key; the order named in notification.data is the key. */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        JsonNode message = PayloadJson.treeOrEmpty(json, request.body());
        String eventId = message.path("notification").path("notificationId").asText(null);
        if (eventId == null) {
            eventId = PayloadFields.sha256Id(request.body());
        }
        String orderId = message.path("notification").path("data").path("orderId").asText(null);
        return new WebhookEnvelope(eventId, message.path("metadata").path("topic").asText("unknown"),
                orderId != null ? orderId : eventId, Map.of());
    }

    @Override
    public boolean resolvesResources() {
        return true;
    }

    @Override
    public InboundEvent resolve(InboundEvent event, ConnectorSettings settings) {
        String field = settings.option("order-id-field", "orderId");
        String orderId = PayloadJson.treeOrEmpty(json, event.body()).path("notification").path("data").path(field).asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new PermanentEventException("eBay notification names no order (notification.data." + field + ")");
        }
        byte[] order = api.order(event.connectorId(), settings, orderId).getBytes(StandardCharsets.UTF_8);
        return new InboundEvent(event.connectorId(), event.eventId(), event.eventType(), event.receivedAt(), event.headers(), order);
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    @Override
    public void validate(String connectorId, ConnectorSettings settings) {
        pageSize(connectorId, settings);
    }

    @Override
    public boolean pollsOrders() {
        return true;
    }

    /**
     * A getOrders page of the orders modified at or after {@code since}. Each listed order is the same Order
     * resource getOrder answers, so its body is what {@link #resolve} would have produced. The cursor is the
     * offset of the next page, taken from the page's {@code next} link, which eBay gives only when there is one.
     */
    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        int offset = cursor == null ? 0 : offset(cursor);
        JsonNode page = api.modifiedOrders(connectorId, settings, since, offset, pageSize(connectorId, settings));
        List<PolledOrder> orders = new ArrayList<>();
        for (JsonNode order : page.path("orders")) {
            String orderId = PayloadJson.text(order, "orderId");
            if (orderId == null) {
                log.warn("eBay getOrders listed an order without an orderId on connector {}; skipped", connectorId);
                continue;
            }
            orders.add(new PolledOrder(orderId, POLLED_EVENT_TYPE, bytes(order)));
        }
        String next = PayloadJson.text(page, "next");
        // an empty page ends the run even if it links on: eBay's paging past the end yields no orders
        if (next == null || page.path("orders").isEmpty()) {
            return new PolledPage(orders, null);
        }
        int nextOffset = nextOffset(next, page, offset);
        if (nextOffset <= offset) {
            throw new TransientMarketplaceException("eBay getOrders page at offset " + offset + " links to offset "
                    + nextOffset + ": paging does not advance");
        }
        return new PolledPage(orders, Integer.toString(nextOffset));
    }

    @Override
    public boolean pushesStock() {
        return true;
    }

    /** {@code offerId} is needed; {@code sku}, eBay's inventory item SKU, may be left out when it is ours. */
    @Override
    public List<String> listingIdNames() {
        return List.of("offerId", "sku");
    }

    @Override
    public int maxStockBatch() {
        return EbayInventory.MAX_BATCH;
    }

    @Override
    public List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        return inventory.push(connectorId, settings, updates);
    }

    @Override
    public OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return inventory.listedQuantity(connectorId, settings, listing);
    }

    @Override
    public boolean importsListings() {
        return true;
    }

    @Override
    public List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        return inventory.importListings(connectorId, settings);
    }

    private static int pageSize(String connectorId, ConnectorSettings settings) {
        String value = settings.option("poll-page-size", Integer.toString(EbayApi.MAX_PAGE_SIZE));
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 1 && size <= EbayApi.MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // refused below with the allowed range
        }
        throw new IllegalStateException("hub.connectors." + connectorId + ".options.poll-page-size must be 1 to "
                + EbayApi.MAX_PAGE_SIZE + " (eBay's getOrders limit), not " + value);
    }

    private static int offset(String cursor) {
        try {
            return Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an eBay getOrders cursor (an offset): " + cursor, e);
        }
    }

    /** The offset the {@code next} link asks for; when it cannot be read, the page's own offset plus its limit. */
    private static int nextOffset(String next, JsonNode page, int offset) {
        try {
            String query = URI.create(next).getRawQuery();
            for (String parameter : query == null ? new String[0] : query.split("&")) {
                if (parameter.startsWith("offset=")) {
                    return Integer.parseInt(parameter.substring("offset=".length()));
                }
            }
        } catch (IllegalArgumentException unreadable) {
            // fall through to the page's own numbers (NumberFormatException is an IllegalArgumentException)
        }
        return page.path("offset").asInt(offset) + page.path("limit").asInt(EbayApi.MAX_PAGE_SIZE);
    }

    private byte[] bytes(JsonNode order) {
        try {
            return json.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }

    /** The decoded X-EBAY-SIGNATURE: base64 of {"alg":"ecdsa","kid":...,"signature":<base64 DER>,"digest":"SHA1"}. */
    record EbaySignature(String keyId, byte[] signature) {

        static EbaySignature parse(String header, ObjectMapper json) {
            try {
                JsonNode decoded = json.readTree(Base64.getDecoder().decode(header));
                String kid = decoded.path("kid").asText(null);
                String signature = decoded.path("signature").asText(null);
                if (kid == null || signature == null || !"ecdsa".equalsIgnoreCase(decoded.path("alg").asText("ecdsa"))) {
                    return null;
                }
                // the algorithm is ours to choose, not the sender's: eBay signs with SHA1 (a sender-chosen NONE would
                // turn the check into one over raw bytes)
                if (!"SHA1".equalsIgnoreCase(decoded.path("digest").asText("SHA1"))) {
                    return null;
                }
                return new EbaySignature(kid, Base64.getDecoder().decode(signature));
            } catch (IOException | IllegalArgumentException malformed) {
                return null;
            }
        }

        boolean verifies(PublicKey key, byte[] body) {
            try {
                Signature verifier = Signature.getInstance("SHA1withECDSA");
                verifier.initVerify(key);
                verifier.update(body);
                return verifier.verify(signature);
            } catch (GeneralSecurityException malformed) {
                return false;
            }
        }
    }
}
