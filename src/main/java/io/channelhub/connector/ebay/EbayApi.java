package io.channelhub.connector.ebay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The eBay APIs the connector calls: the Notification API's public keys (with an application token, client
 * credentials) and the Fulfillment API's orders (with a user token from the seller's refresh token). Options:
 * {@code api-base-url}, {@code client-id}, {@code client-secret}, {@code refresh-token}.
 */
@Component
public class EbayApi {

    static final String APP_SCOPE = "https://api.ebay.com/oauth/api_scope";
    static final String FULFILMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly";

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
        return tokens.withToken(connectorId + ":user", () -> oauth.refreshToken(base + "/identity/v1/oauth2/token",
                        settings.requiredOption(connectorId, "client-id"), settings.requiredOption(connectorId, "client-secret"),
                        settings.requiredOption(connectorId, "refresh-token"), FULFILMENT_SCOPE),
                token -> http.send(MarketplaceHttp.request(url).header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json").GET().build(), "eBay getOrder " + orderId),
                401);
    }

    private JsonNode parse(String body, String what) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PermanentEventException(what + " is not JSON", e);
        }
    }
}
