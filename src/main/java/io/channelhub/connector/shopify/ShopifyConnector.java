package io.channelhub.connector.shopify;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The {@code shopify} marketplace type. */
@Component
public class ShopifyConnector implements MarketplaceConnector {

    private final ShopifySignatureVerifier verifier;
    private final ShopifyOrderNormaliser normaliser;
    private final ShopifyAdminApi adminApi;

    public ShopifyConnector(ShopifySignatureVerifier verifier, ShopifyOrderNormaliser normaliser, ShopifyAdminApi adminApi) {
        this.verifier = verifier;
        this.normaliser = normaliser;
        this.adminApi = adminApi;
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

    @Override
    public boolean pollsOrders() {
        return true;
    }

    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        return adminApi.ordersChangedSince(connectorId, settings, since, cursor);
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
