package io.channelhub.connector.shopify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The {@code shopify} marketplace type. */
@Component
public class ShopifyConnector implements MarketplaceConnector {

    private static final String HEADER_PREFIX = "x-shopify-";
    private static final JsonFactory JSON = new JsonFactory();

    private final ShopifySignatureVerifier verifier;
    private final ShopifyOrderNormaliser normaliser;

    public ShopifyConnector(ShopifySignatureVerifier verifier, ShopifyOrderNormaliser normaliser) {
        this.verifier = verifier;
        this.normaliser = normaliser;
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
            eventId = "sha256:" + sha256Hex(request.body());
        }
        String topic = firstNonNull(request.header("X-Shopify-Topic"), "unknown");
        String resourceId = firstNonNull(topLevelId(request.body()), eventId);
        Map<String, String> retained = new TreeMap<>();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(HEADER_PREFIX) && !lower.equals("x-shopify-hmac-sha256")) {
                retained.put(lower, value);
            }
        });
        return new WebhookEnvelope(eventId, topic, resourceId, retained);
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    /** The resource's top-level "id", read with a streaming parser that stops as soon as it is found. */
    private static String topLevelId(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value.isScalarValue()) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException unparseable) {
            return null;
        }
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
