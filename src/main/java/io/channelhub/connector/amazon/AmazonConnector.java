package io.channelhub.connector.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code amazon} type. Options: {@code auth-header} (default {@code x-api-key}: the header the EventBridge
 * connection sends, whose value is the connector's secret), for the Orders API {@code api-base-url},
 * {@code token-url}, {@code client-id}, {@code client-secret}, {@code refresh-token}, and for reconciliation
 * {@code marketplace-ids} (comma-separated: the marketplaces whose orders are listed).
 */
@Component
public class AmazonConnector implements MarketplaceConnector {

    private final ObjectMapper json;
    private final AmazonOrdersApi ordersApi;
    private final AmazonOrderNormaliser normaliser;

    public AmazonConnector(ObjectMapper json, AmazonOrdersApi ordersApi, AmazonOrderNormaliser normaliser) {
        this.json = json;
        this.ordersApi = ordersApi;
        this.normaliser = normaliser;
    }

    @Override
    public String type() {
        return "amazon";
    }

    /** Checks {@code marketplace-ids} when given; only polling needs it, so a connector without it still starts. */
    @Override
    public void validate(String connectorId, ConnectorSettings settings) {
        if (!settings.option("marketplace-ids", "").isBlank()) {
            AmazonOrdersApi.marketplaceIds(connectorId, settings);
        }
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
