package io.channelhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.KafkaProbe;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The webhook contract as a marketplace sees it: what is answered, and what is (not) stored. */
class WebhookIngestTest extends HubIntegrationTest {

    @Test
    void aSignedOrderIsAcknowledgedStoredWithItsExactBytesAndApplied() {
        long orderId = OrderIds.next();
        ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId,
                Instant.parse("2026-11-20T10:00:00Z"), "paid", "SKU-Ä-1", 3);

        HttpResponse<String> answer = hub.send("shopify", webhook);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"eventId\":\"evt-" + orderId + "\"");
        // the HTTP request's headers are not echoed back to the sender
        assertThat(answer.headers().firstValue("X-Shopify-Hmac-Sha256")).isEmpty();

        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            ConsumerRecord<String, byte[]> stored = probe.readAll(topics.inbound("shopify")).stream()
                    .filter(r -> ("shopify:" + orderId).equals(r.key())).findFirst().orElseThrow();
            assertThat(stored.value()).isEqualTo(webhook.body());
            assertThat(header(stored, "hub-event-id")).isEqualTo("evt-" + orderId);
            assertThat(header(stored, "hub-event-type")).isEqualTo("orders/create");
            assertThat(header(stored, "x-shopify-shop-domain")).isEqualTo("test-shop.myshopify.com");
            assertThat(header(stored, "x-shopify-hmac-sha256")).as("the signature is not kept").isNull();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(200));
        var order = hub.ops("/ops/orders/shopify/" + orderId).body();
        assertThat(order.path("status").asText()).isEqualTo("PAID");
        assertThat(order.path("lines").get(0).path("sku").asText()).isEqualTo("SKU-Ä-1");
        assertThat(order.path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void refusedWebhooksGetTheirStatusAndEnqueueNothing() {
        long orderId = OrderIds.next();
        ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId, Instant.now(), "paid", "A", 1);
        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            long before = probe.recordCount(topics.inbound("shopify"));

            Map<String, String> wrongSecret = webhook.headers("not-the-secret");
            assertThat(hub.post("shopify", webhook.body(), wrongSecret).statusCode()).isEqualTo(401);

            Map<String, String> unsigned = new HashMap<>(webhook.headers(SECRET));
            unsigned.remove("X-Shopify-Hmac-Sha256");
            assertThat(hub.post("shopify", webhook.body(), unsigned).statusCode()).isEqualTo(401);

            byte[] tampered = Arrays.copyOf(webhook.body(), webhook.body().length);
            tampered[tampered.length - 3] ^= 1;
            assertThat(hub.post("shopify", tampered, webhook.headers(SECRET)).statusCode()).isEqualTo(401);

            Map<String, String> textPlain = new HashMap<>(webhook.headers(SECRET));
            textPlain.put("Content-Type", "text/plain");
            HttpResponse<String> unsupported = hub.post("shopify", webhook.body(), textPlain);
            assertThat(unsupported.statusCode()).isEqualTo(415);
            assertThat(unsupported.body()).contains("application/json");

            HttpResponse<String> unknown = hub.post("no-such-connector", webhook.body(), webhook.headers(SECRET));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("POST /webhooks/no-such-connector");

            assertThat(hub.get("/webhooks/shopify").statusCode()).isEqualTo(405);

            assertThat(probe.recordCount(topics.inbound("shopify"))).isEqualTo(before);
        }
    }

    @Test
    void aBodyOverTheLimitIs413WhetherOrNotItsLengthIsAnnounced() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Map<String, String> headers = ShopifyWebhook.raw("orders/create", "evt-big", big).headers(SECRET);
        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            long before = probe.recordCount(topics.inbound("shopify"));
            double countedBefore = hub.metric("hub_webhooks_total", "connector=\"shopify\"", "outcome=\"too_large\"",
                    "status=\"413\"");

            HttpResponse<String> tooLarge = hub.post("shopify", big, headers);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("max-body-size");
            // chunked: no Content-Length, so the limit must be enforced while reading
            assertThat(hub.post("shopify", chunked(big), headers).statusCode()).isEqualTo(413);

            assertThat(probe.recordCount(topics.inbound("shopify"))).isEqualTo(before);
            assertThat(hub.metric("hub_webhooks_total", "connector=\"shopify\"", "outcome=\"too_large\"",
                    "status=\"413\"") - countedBefore).isEqualTo(2);
        }
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        byte[] body = new byte[1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        byte[] json = ("{\"id\":" + OrderIds.next() + ",\"pad\":\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        ShopifyWebhook webhook = ShopifyWebhook.raw("orders/create", "evt-limit-" + OrderIds.next(), body);
        assertThat(hub.send("shopify", webhook).statusCode()).isEqualTo(200);
    }

    @Test
    void aRotatedSecretStillVerifiesAndTheMetricSaysWhichSecretMatched() {
        double before = signatureCount("valid_previous_secret");
        long orderId = OrderIds.next();
        ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId, Instant.now(), "paid", "A", 1);

        assertThat(hub.post("shopify", webhook.body(), webhook.headers(TestHubSettings.PREVIOUS_SECRET)).statusCode())
                .isEqualTo(200);

        assertThat(signatureCount("valid_previous_secret")).isEqualTo(before + 1);
    }

    @Test
    void theOpsApiNeedsTheToken() {
        assertThat(hub.opsWithoutToken("/ops/orders").statusCode()).isEqualTo(401);
        assertThat(hub.opsWithoutToken("/actuator/health").statusCode()).isEqualTo(200);
    }

    private double signatureCount(String result) {
        return hub.metric("hub_webhook_signature_total", "connector=\"shopify\"", "result=\"" + result + "\"");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A body publisher of unknown length, which makes the JDK client send it chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher known = HttpRequest.BodyPublishers.ofByteArrays(List.of(body));
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                known.subscribe(subscriber);
            }
        };
    }
}
