package io.channelhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.KafkaProbe;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandardWebhook;
import io.channelhub.support.TestHubSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** WooCommerce and Standard Webhooks senders through the real hub, in their own wire formats. */
class MoreMarketplacesFlowTest extends HubIntegrationTest {

    @Test
    void wooCommercesPingIsAnsweredAndNothingIsStored() {
        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            long before = probe.recordCount(topics.inbound("woo"));
            var answer = hub.post("woo", "webhook_id=42".getBytes(StandardCharsets.US_ASCII),
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "User-Agent", "WooCommerce/9.4 Hookshot"));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(probe.recordCount(topics.inbound("woo"))).isEqualTo(before);
        }
    }

    @Test
    void aWooCommerceOrderReSentWithANewDeliveryIdIsAppliedOnce() throws Exception {
        long orderId = OrderIds.next();
        byte[] body = wooFixture().replace("\"id\":727,", "\"id\":" + orderId + ",").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.post("woo", body, wooHeaders(body, "delivery-1")).statusCode()).isEqualTo(200);
        assertThat(hub.post("woo", body, wooHeaders(body, "delivery-2")).statusCode()).isEqualTo(200);
        byte[] forged = body.clone();
        assertThat(hub.post("woo", forged, wooHeaders("other".getBytes(StandardCharsets.UTF_8), "delivery-3")).statusCode())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/woo/" + orderId).status()).isEqualTo(200));
        // a later Shopify event is processed after both copies: a marker that the copies were seen
        long marker = OrderIds.next();
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + marker, marker, Instant.now(), "paid", "A", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.ops("/ops/orders/shopify/" + marker).status() == 200);
        assertThat(hub.ops("/ops/orders/woo/" + orderId).body().path("status").asText()).isEqualTo("PAID");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/woo/" + orderId + "/events").body().size()).isEqualTo(1));
    }

    @Test
    void aStandardWebhooksOrderIsAppliedAndAStaleTimestampRefused() throws Exception {
        String orderId = "SO-" + OrderIds.next();
        String body = """
                {"type":"order.created","timestamp":"%s","data":{"id":"%s","name":"%s","status":"paid",\
                "currency":"EUR","totalPrice":"12.50","updatedAt":"%s","lines":[{"sku":"PEN","quantity":5,"price":"2.50"},\
                {"sku":"PEN","quantity":5,"price":"2.50"}]}}"""
                .formatted(Instant.now(), orderId, orderId, Instant.now());
        long now = Instant.now().getEpochSecond();
        assertThat(hub.post("generic", body.getBytes(StandardCharsets.UTF_8), standardHeaders("msg_" + orderId, now, body))
                .statusCode()).isEqualTo(200);
        assertThat(hub.post("generic", body.getBytes(StandardCharsets.UTF_8), standardHeaders("msg_old", now - 600, body))
                .statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/generic/" + orderId).status()).isEqualTo(200));
        assertThat(hub.ops("/ops/orders/generic/" + orderId).body().path("lastEventId").asText()).isEqualTo("msg_" + orderId);
        assertThat(hub.ops("/ops/orders/generic/" + orderId).body().path("lines")).as("two identical lines are two lines").hasSize(2);
    }

    private static Map<String, String> wooHeaders(byte[] signedBody, String deliveryId) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-WC-Webhook-Source", "https://shop.example.de/");
        headers.put("X-WC-Webhook-Topic", "order.updated");
        headers.put("X-WC-Webhook-Resource", "order");
        headers.put("X-WC-Webhook-Event", "updated");
        headers.put("X-WC-Webhook-ID", "9");
        headers.put("X-WC-Webhook-Delivery-ID", deliveryId);
        headers.put("X-WC-Webhook-Signature", base64Hmac(TestHubSettings.WOO_SECRET.getBytes(StandardCharsets.UTF_8), signedBody));
        return headers;
    }

    private static Map<String, String> standardHeaders(String id, long timestamp, String body) {
        return StandardWebhook.headers(TestHubSettings.GENERIC_SECRET, id, timestamp, body);
    }

    private static String base64Hmac(byte[] key, byte[] content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content));
    }

    private static String wooFixture() throws IOException {
        try (InputStream in = MoreMarketplacesFlowTest.class.getResourceAsStream("/fixtures/woocommerce/order-processing.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
