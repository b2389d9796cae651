package io.channelhub.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks delivery of the hub's generic order format, signed as the specification says
 * ({@code id.timestamp.body}, HMAC-SHA256 with the base64-decoded {@code whsec_} secret), with the JDK alone.
 */
public final class StandardWebhook {

    private StandardWebhook() {
    }

    /** A generic-format order with one line. */
    public static String order(String orderId, String status, String sku, int quantity, Instant updatedAt) {
        return """
                {"type":"order.updated","timestamp":"%s","data":{"id":"%s","name":"%s","status":"%s",\
                "currency":"EUR","totalPrice":"10.00","updatedAt":"%s","lines":[{"sku":"%s","quantity":%d,"price":"10.00"}]}}"""
                .formatted(updatedAt, orderId, orderId, status, updatedAt, sku, quantity);
    }

    /** The headers a sender adds for {@code body}, signed with {@code secret} ({@code whsec_...}). */
    public static Map<String, String> headers(String secret, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
        byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Map.of("Content-Type", "application/json", "webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
