package io.channelhub.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Shopify order webhook as Shopify sends it: the order resource as the body, signed with the app secret. Signs
 * with the JDK directly, independently of the hub's own signing code.
 */
public record ShopifyWebhook(String topic, String eventId, byte[] body) {

    public static ShopifyWebhook order(String topic, String eventId, long orderId, Instant updatedAt, String financialStatus,
            String sku, int quantity) {
        String json = """
                {"id":%d,"name":"#%d","email":"buyer-%d@example.com","created_at":"2026-11-20T10:00:00Z",\
                "updated_at":"%s","cancelled_at":%s,"currency":"EUR","total_price":"%d.00",\
                "financial_status":"%s","fulfillment_status":null,\
                "line_items":[{"id":%d,"sku":"%s","quantity":%d,"price":"10.00","variant_id":1,"product_id":2}]}"""
                .formatted(orderId, orderId % 100000, orderId, updatedAt, "orders/cancelled".equals(topic)
                        ? "\"" + updatedAt + "\"" : "null", quantity * 10, financialStatus, orderId * 10, sku, quantity);
        return new ShopifyWebhook(topic, eventId, json.getBytes(StandardCharsets.UTF_8));
    }

    public static ShopifyWebhook raw(String topic, String eventId, byte[] body) {
        return new ShopifyWebhook(topic, eventId, body);
    }

    /** The headers Shopify sends, signed with {@code secret}. */
    public Map<String, String> headers(String secret) {
        return headersSignedWith(sign(secret, body));
    }

    /** The headers Shopify sends, with a signature of the body computed elsewhere (e.g. by a load generator). */
    public Map<String, String> headersSignedWith(String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Hmac-Sha256", signature);
        headers.put("X-Shopify-Shop-Domain", "test-shop.myshopify.com");
        headers.put("X-Shopify-API-Version", "2025-10");
        headers.put("X-Shopify-Webhook-Id", "delivery-" + eventId);
        headers.put("X-Shopify-Event-Id", eventId);
        headers.put("X-Shopify-Triggered-At", Instant.now().toString());
        return headers;
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
