package io.channelhub.connector.bol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The Retailer API calls the connector makes, with a client-credentials token (cached until shortly before it
 * expires; a 401 renews it once) and the v10 media type. Options: {@code api-base-url}, {@code token-url},
 * {@code client-id}, {@code client-secret}.
 */
@Component
public class BolApi {

    static final String MEDIA_TYPE = "application/vnd.retailer.v10+json";

    private final MarketplaceHttp http;
    private final ClientCredentials oauth;
    private final AccessTokens tokens;
    private final ObjectMapper json;

    public BolApi(MarketplaceHttp http, ClientCredentials oauth, AccessTokens tokens, ObjectMapper json) {
        this.http = http;
        this.oauth = oauth;
        this.tokens = tokens;
        this.json = json;
    }

    /** The RSA key Bol signs pushes with under {@code keyId}; a 404 refusal when Bol lists no such key. */
    PublicKey signatureKey(String connectorId, ConnectorSettings settings, String keyId) {
        JsonNode keys = parse(get(connectorId, settings, "/retailer/subscriptions/signature-keys", "Bol signature keys"));
        for (JsonNode key : keys.path("signatureKeys")) {
            if (keyId.equals(key.path("id").asText()) && "RSA".equalsIgnoreCase(key.path("type").asText("RSA"))) {
                try {
                    byte[] der = Base64.getDecoder().decode(key.path("publicKey").asText().replaceAll("\\s", ""));
                    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new TransientMarketplaceException("Bol signature key " + keyId + " is not an RSA public key", e);
                }
            }
        }
        throw new MarketplaceRefusedException(404, "Bol lists no signature key " + keyId);
    }

    /** GET /retailer/orders/{orderId}. */
    String order(String connectorId, ConnectorSettings settings, String orderId) {
        return get(connectorId, settings, "/retailer/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8),
                "Bol getOrder " + orderId);
    }

    /**
     * GET /retailer/orders with {@code query} (page and filters, already encoded): one page of the reduced order
     * list, for reconciliation, so a 429 is waited out patiently.
     */
    String orderList(String connectorId, ConnectorSettings settings, String query) {
        return call(connectorId, settings, "/retailer/orders?" + query,
                request -> http.poll(request, "Bol order list (" + query + ")").body());
    }

    private String get(String connectorId, ConnectorSettings settings, String path, String what) {
        return call(connectorId, settings, path, request -> http.send(request, what));
    }

    /** A 401 renews the token once. */
    private String call(String connectorId, ConnectorSettings settings, String path, Function<HttpRequest, String> send) {
        return tokens.withToken(connectorId, () -> oauth.clientCredentials(settings.requiredOption(connectorId, "token-url"),
                settings.requiredOption(connectorId, "client-id"), settings.requiredOption(connectorId, "client-secret"), null),
                token -> send.apply(MarketplaceHttp.request(settings.requiredOption(connectorId, "api-base-url") + path)
                        .header("Authorization", "Bearer " + token).header("Accept", MEDIA_TYPE).GET().build()),
                401);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TransientMarketplaceException("Bol answered something that is not JSON", e);
        }
    }
}
