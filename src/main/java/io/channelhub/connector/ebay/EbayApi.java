package io.channelhub.connector.ebay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.MarketplaceUnavailableException;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The eBay APIs the connector calls: the Notification API's public keys (with an application token, client
 * credentials), the Fulfillment API's orders, one by id or a page of those changed since a time, and the Inventory
 * API's offers and inventory items (each with a user token from the seller's refresh token; the Inventory API's
 * token is asked for separately, with its own scope, so that a seller who granted only order access keeps order
 * sync). Options: {@code api-base-url}, {@code client-id}, {@code client-secret}, {@code refresh-token}.
 */
@Component
public class EbayApi {

    static final String APP_SCOPE = "https://api.ebay.com/oauth/api_scope";
    static final String FULFILMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly";
    /** bulkUpdatePriceQuantity needs the full inventory scope; the reads accept it too. */
    static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    static final String INVENTORY_PATH = "/sell/inventory/v1";
    /** getOrders refuses a larger limit. */
    static final int MAX_PAGE_SIZE = 200;
    /** The only time format the Fulfillment API's filters accept: UTC with milliseconds. */
    static final DateTimeFormatter EBAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final MarketplaceHttp http;
    private final ClientCredentials oauth;
    private final AccessTokens tokens;
    private final ObjectMapper json;

    public EbayApi(MarketplaceHttp http, ClientCredentials oauth, AccessTokens tokens, ObjectMapper json) {
        this.http = http;
        this.oauth = oauth;
        this.tokens = tokens;
        this.json = json;
    }

    /** GET /commerce/notification/v1/public_key/{kid} → the ECDSA key in PEM. Blocking: call it off the event loop. */
    PublicKey publicKey(String connectorId, ConnectorSettings settings, String keyId) {
        String base = settings.requiredOption(connectorId, "api-base-url");
        JsonNode answer = tokens.withToken(connectorId + ":application", () -> oauth.clientCredentials(
                        base + "/identity/v1/oauth2/token", settings.requiredOption(connectorId, "client-id"),
                        settings.requiredOption(connectorId, "client-secret"), APP_SCOPE),
                token -> parse(http.send(MarketplaceHttp.request(base + "/commerce/notification/v1/public_key/"
                                + URLEncoder.encode(keyId, StandardCharsets.UTF_8))
                        .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                        "eBay public key " + keyId), "eBay public key"),
                401);
        String pem = answer.path("key").asText("");
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TransientMarketplaceException("eBay public key " + keyId + " is not an EC public key", e);
        }
    }

    /** GET /sell/fulfillment/v1/order/{orderId}, the order as the seller sees it now; a 401 renews the token once. */
    String order(String connectorId, ConnectorSettings settings, String orderId) {
        String base = settings.requiredOption(connectorId, "api-base-url");
        String url = base + "/sell/fulfillment/v1/order/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        return asSeller(connectorId, settings, token -> http.send(MarketplaceHttp.request(url)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                "eBay getOrder " + orderId));
    }

    /**
     * GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[since..]&limit=&offset=, one page of the orders
     * modified at or after {@code since} (an OrderSearchPagedCollection). Rate limits are waited out; a 401 renews
     * the token once.
     */
    JsonNode modifiedOrders(String connectorId, ConnectorSettings settings, Instant since, int offset, int limit) {
        String base = settings.requiredOption(connectorId, "api-base-url");
        String url = base + "/sell/fulfillment/v1/order?filter=" + lastModifiedSince(since) + "&limit=" + limit
                + "&offset=" + offset;
        String what = "eBay getOrders at offset " + offset;
        String body = asSeller(connectorId, settings, token -> http.poll(MarketplaceHttp.request(url)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                what).body());
        try {
            // amounts that come as JSON numbers keep every digit when the order is written back out as the body
            JsonNode page = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body);
            if (page != null && page.isObject()) {
                return page;
            }
        } catch (JsonProcessingException unreadable) {
            // answered below: a garbled page is eBay failing, and the run is tried again
        }
        throw new TransientMarketplaceException(what + " answered something that is not a page of orders");
    }

    /**
     * The filter value as eBay wants it in the query: the range's brackets percent-encoded (its documentation
     * requires it, and java.net.URI refuses them raw), the rest as written. The range is open-ended and inclusive;
     * sub-millisecond parts are dropped, which only widens it.
     */
    static String lastModifiedSince(Instant since) {
        return "lastmodifieddate:%5B" + EBAY_TIME.format(since) + "..%5D";
    }

    /**
     * POST /sell/inventory/v1/bulk_update_price_quantity with a BulkPriceQuantity body; returns the answer, a
     * BulkPriceQuantityResponse, whether eBay says 200 (every item updated) or 207 (some were not). A 401 renews the
     * token once; a call that fails as a whole throws as {@link MarketplaceHttp#send} does.
     */
    JsonNode bulkUpdatePriceQuantity(String connectorId, ConnectorSettings settings, JsonNode body) {
        String url = settings.requiredOption(connectorId, "api-base-url") + INVENTORY_PATH + "/bulk_update_price_quantity";
        String what = "eBay bulkUpdatePriceQuantity";
        String payload = write(body);
        String answer = asInventorySeller(connectorId, settings, token -> http.send(MarketplaceHttp.request(url)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload)).build(), what));
        try {
            JsonNode tree = json.readTree(answer);
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (JsonProcessingException unreadable) {
            // answered below
        }
        // the updates may or may not have been made; setting a quantity again is harmless, so it is tried again
        throw new TransientMarketplaceException(what + " answered something that is not a BulkPriceQuantityResponse");
    }

    /**
     * GET /sell/inventory/v1{pathAndQuery}, an Inventory API resource (an offer, an inventory item, a page of
     * either); empty when eBay answers 404 (no such resource). Patient with rate limits, as reconciliation is.
     */
    Optional<JsonNode> inventoryResource(String connectorId, ConnectorSettings settings, String pathAndQuery, String what) {
        String url = settings.requiredOption(connectorId, "api-base-url") + INVENTORY_PATH + pathAndQuery;
        String body;
        try {
            body = asInventorySeller(connectorId, settings, token -> http.poll(MarketplaceHttp.request(url)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    what).body());
        } catch (MarketplaceUnavailableException unavailable) {
            if (unavailable.status() == 404) {
                return Optional.empty();
            }
            throw unavailable;
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree != null && tree.isObject()) {
                return Optional.of(tree);
            }
        } catch (JsonProcessingException unreadable) {
            // answered below
        }
        throw new TransientMarketplaceException(what + " answered something that is not a JSON object");
    }

    /** A value as one path segment: percent-encoded, with a space as %20 (URLEncoder's '+' is literal in a path). */
    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T asSeller(String connectorId, ConnectorSettings settings, Function<String, T> call) {
        return asSeller(connectorId, settings, ":user", FULFILMENT_SCOPE, call);
    }

    private <T> T asInventorySeller(String connectorId, ConnectorSettings settings, Function<String, T> call) {
        return asSeller(connectorId, settings, ":inventory", INVENTORY_SCOPE, call);
    }

    private <T> T asSeller(String connectorId, ConnectorSettings settings, String tokenKind, String scope,
            Function<String, T> call) {
        String base = settings.requiredOption(connectorId, "api-base-url");
        return tokens.withToken(connectorId + tokenKind, () -> oauth.refreshToken(base + "/identity/v1/oauth2/token",
                        settings.requiredOption(connectorId, "client-id"), settings.requiredOption(connectorId, "client-secret"),
                        settings.requiredOption(connectorId, "refresh-token"), scope),
                call, 401);
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    private JsonNode parse(String body, String what) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PermanentEventException(what + " is not JSON", e);
        }
    }
}
