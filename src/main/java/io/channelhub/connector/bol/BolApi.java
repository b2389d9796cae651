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
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * The Retailer API calls the connector makes, with a client-credentials token (cached until shortly before it
 * expires; a 401 renews it once) and the v10 media type (Accept, and Content-Type on writes). Writes are
 * asynchronous at Bol: they answer 202 with a process status, followed up in {@link BolProcessTracker}. Options: {@code api-base-url}, {@code token-url},
 * {@code client-id}, {@code client-secret}.
 */
@Component
public class BolApi {

    static final String MEDIA_TYPE = "application/vnd.retailer.v10+json";
    static final String CSV_MEDIA_TYPE = "application/vnd.retailer.v10+csv";

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
        return call(connectorId, settings, "/retailer/orders?" + query, MEDIA_TYPE, HttpRequest.Builder::GET,
                request -> http.poll(request, "Bol order list (" + query + ")").body());
    }

    /**
     * PUT /retailer/offers/{offerId}/stock: Bol queues the write and answers 202 with its process status.
     *
     * @param managedByRetailer whether Bol subtracts only the orders placed after this update from {@code amount}
     *                          (true) or every open order (false)
     */
    String updateStock(String connectorId, ConnectorSettings settings, String offerId, int amount, boolean managedByRetailer) {
        String body = "{\"amount\":" + amount + ",\"managedByRetailer\":" + managedByRetailer + "}";
        return write(connectorId, settings, "/retailer/offers/" + encode(offerId) + "/stock", "PUT", body,
                "Bol updateOfferStock " + offerId);
    }

    /** GET /retailer/offers/{offerId}: the offer with its stock. */
    String offer(String connectorId, ConnectorSettings settings, String offerId) {
        return get(connectorId, settings, "/retailer/offers/" + encode(offerId), "Bol getOffer " + offerId);
    }

    /** GET /shared/process-status/{processStatusId}: where an asynchronous write is (shared by all of Bol's APIs). */
    String processStatus(String connectorId, ConnectorSettings settings, String processStatusId) {
        return get(connectorId, settings, "/shared/process-status/" + encode(processStatusId),
                "Bol process status " + processStatusId);
    }

    /** POST /retailer/offers/export: asks Bol to prepare a CSV of every offer; answers 202 with its process status. */
    String requestOfferExport(String connectorId, ConnectorSettings settings) {
        return write(connectorId, settings, "/retailer/offers/export", "POST", "{\"format\":\"CSV\"}",
                "Bol offer export request");
    }

    /** GET /retailer/offers/export/{reportId}: the prepared CSV, which Bol serves under the CSV variant of its media type. */
    String offerExport(String connectorId, ConnectorSettings settings, String reportId) {
        return call(connectorId, settings, "/retailer/offers/export/" + encode(reportId), CSV_MEDIA_TYPE,
                HttpRequest.Builder::GET, request -> http.send(request, "Bol offer export " + reportId));
    }

    private String get(String connectorId, ConnectorSettings settings, String path, String what) {
        return call(connectorId, settings, path, MEDIA_TYPE, HttpRequest.Builder::GET, request -> http.send(request, what));
    }

    private String write(String connectorId, ConnectorSettings settings, String path, String method, String body, String what) {
        return call(connectorId, settings, path, MEDIA_TYPE,
                builder -> builder.header("Content-Type", MEDIA_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body)),
                request -> http.send(request, what));
    }

    /** A 401 renews the token once. */
    private String call(String connectorId, ConnectorSettings settings, String path, String accept,
            UnaryOperator<HttpRequest.Builder> method, Function<HttpRequest, String> send) {
        return tokens.withToken(connectorId, () -> oauth.clientCredentials(settings.requiredOption(connectorId, "token-url"),
                settings.requiredOption(connectorId, "client-id"), settings.requiredOption(connectorId, "client-secret"), null),
                token -> send.apply(method.apply(MarketplaceHttp.request(settings.requiredOption(connectorId, "api-base-url") + path)
                        .header("Authorization", "Bearer " + token).header("Accept", accept)).build()),
                401);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TransientMarketplaceException("Bol answered something that is not JSON", e);
        }
    }
}
