package io.channelhub.connector.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.TransientMarketplaceException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The Selling Partner Orders API: getOrder and getOrderItems with a Login with Amazon access token (refresh-token
 * grant, cached until shortly before it expires; a 401/403 forgets it and tries once more with a new one).
 */
@Component
public class AmazonOrdersApi {

    private final MarketplaceHttp http;
    private final AccessTokens tokens;
    private final ObjectMapper json;

    public AmazonOrdersApi(MarketplaceHttp http, AccessTokens tokens, ObjectMapper json) {
        this.http = http;
        this.tokens = tokens;
        this.json = json;
    }

    /** The event with the order it names, and the order's items, as its body: {"order": ..., "orderItems": [...]}. */
    InboundEvent fetchOrderFor(InboundEvent event, JsonNode notification, ConnectorSettings settings) {
        String orderId = notification.path("Payload").path("OrderChangeNotification").path("AmazonOrderId").asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new PermanentEventException("Amazon notification names no Payload.OrderChangeNotification.AmazonOrderId");
        }
        String base = settings.requiredOption(event.connectorId(), "api-base-url");
        String encodedId = URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        JsonNode order = get(event.connectorId(), settings, base + "/orders/v0/orders/" + encodedId, "Amazon getOrder " + orderId)
                .path("payload");
        JsonNode items = get(event.connectorId(), settings, base + "/orders/v0/orders/" + encodedId + "/orderItems",
                "Amazon getOrderItems " + orderId).path("payload").path("OrderItems");
        ObjectNode resolved = json.createObjectNode();
        resolved.set("order", order);
        resolved.set("orderItems", items);
        try {
            return new InboundEvent(event.connectorId(), event.eventId(), event.eventType(), event.receivedAt(),
                    event.headers(), json.writeValueAsBytes(resolved));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A 401 or 403 (SP-API answers 403 to a revoked token) renews the token once. */
    private JsonNode get(String connectorId, ConnectorSettings settings, String url, String what) {
        return tokens.withToken(connectorId, () -> grant(connectorId, settings), token -> {
            HttpRequest request = MarketplaceHttp.request(url).header("x-amz-access-token", token)
                    .header("Accept", "application/json").GET().build();
            return parse(http.send(request, what), what);
        }, 401, 403);
    }

    private AccessTokens.Grant grant(String connectorId, ConnectorSettings settings) {
        Map<String, String> form = Map.of(
                "grant_type", "refresh_token",
                "refresh_token", settings.requiredOption(connectorId, "refresh-token"),
                "client_id", settings.requiredOption(connectorId, "client-id"),
                "client_secret", settings.requiredOption(connectorId, "client-secret"));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = MarketplaceHttp.request(settings.requiredOption(connectorId, "token-url"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode answer = parse(http.send(request, "Login with Amazon token"), "Login with Amazon token");
        String token = answer.path("access_token").asText(null);
        if (token == null) {
            throw new TransientMarketplaceException("Login with Amazon answered without an access_token");
        }
        return new AccessTokens.Grant(token, Duration.ofSeconds(answer.path("expires_in").asLong(3600)));
    }

    private JsonNode parse(String body, String what) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TransientMarketplaceException(what + " answered something that is not JSON", e);
        }
    }
}
