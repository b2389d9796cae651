package io.channelhub.connector.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.BolSimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.KafkaProbe;
import io.channelhub.support.OrderIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bol.com through the real hub: RSA-signed pushes (keys fetched, refetched after a rotation), order fetch. */
class BolFlowTest extends HubIntegrationTest {

    private final BolSimulator bol = Simulators.bol();

    @Test
    void aSignedPushIsStoredThenItsOrderFetchedThroughARateLimitAndApplied() {
        String orderId = Long.toString(OrderIds.next() % 10_000_000_000L);
        bol.putOrder(orderId, order(orderId, 2, 0, 0));
        bol.rateLimitNext(1);
        bol.expireTokens();
        int tokensBefore = bol.tokensIssued();
        byte[] push = push(orderId, Instant.now());

        assertThat(post(push, bol.signatureHeader(push))).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/bol/" + orderId).status()).isEqualTo(200));
        JsonNode stored = hub.ops("/ops/orders/bol/" + orderId).body();
        assertThat(stored.path("status").asText()).isEqualTo("PAID");
        assertThat(stored.path("totalPrice").decimalValue()).isEqualByComparingTo("49.98");
        assertThat(stored.path("lines").get(0).path("sku").asText()).isEqualTo("BOOK-NL-001");
        assertThat(bol.tokensIssued()).as("the expired token was renewed").isGreaterThan(tokensBefore);
    }

    @Test
    void aRotatedSigningKeyIsFetchedWhenItFirstAppears() {
        String orderId = Long.toString(OrderIds.next() % 10_000_000_000L);
        bol.putOrder(orderId, order(orderId, 2, 0, 0));
        byte[] before = push(orderId, Instant.now());
        assertThat(post(before, bol.signatureHeader(before))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/bol/" + orderId).body().path("status").asText()).isEqualTo("PAID"));
        int fetches = bol.keyListFetches();

        // the seller ships; Bol pushes the change, signed under a key it has just rotated to
        bol.putOrder(orderId, order(orderId, 2, 2, 0));
        bol.rotateKey();
        byte[] after = push(orderId, Instant.now().plusSeconds(5));
        assertThat(post(after, bol.signatureHeader(after))).isEqualTo(200);
        assertThat(bol.keyListFetches()).as("an unknown key id makes the hub fetch the keys again").isEqualTo(fetches + 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/bol/" + orderId).body().path("status").asText()).isEqualTo("FULFILLED"));
    }

    @Test
    void anUnsignedOrForgedPushIsRefusedAndNothingStored() {
        byte[] push = push("1234567890", Instant.now());
        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            long before = probe.recordCount(topics.inbound("bol"));
            assertThat(post(push, null)).isEqualTo(401);
            byte[] other = push("999", Instant.now());
            assertThat(post(push, bol.signatureHeader(other))).isEqualTo(401);
            assertThat(post(push, "keyId=no-such-key, algorithm=\"rsa-sha256\", signature=AAAA")).isEqualTo(401);
            assertThat(probe.recordCount(topics.inbound("bol"))).isEqualTo(before);
        }
    }

    private int post(byte[] body, String signature) {
        Map<String, String> headers = signature == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "signature", signature);
        return hub.post("bol", body, headers).statusCode();
    }

    private static byte[] push(String orderId, Instant timestamp) {
        return ("{\"retailerId\":\"1234567\",\"timestamp\":\"" + timestamp + "\",\"event\":{\"resource\":\"ORDER\","
                + "\"type\":\"UPDATED\",\"resourceId\":\"" + orderId + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String order(String orderId, int quantity, int shipped, int cancelled) {
        return """
                {"orderId":"%s","pickupPoint":false,"orderPlacedDateTime":"2026-11-20T10:00:00+01:00",\
                "shipmentDetails":{"firstName":"Anna","surname":"de Vries","city":"Utrecht","countryCode":"NL"},\
                "billingDetails":{"firstName":"Anna","surname":"de Vries","email":"2ba7i2a4jsa@verkopen.bol.com"},\
                "orderItems":[{"orderItemId":"2012345678","cancellationRequest":false,\
                "fulfilment":{"method":"FBR","distributionParty":"RETAILER","latestDeliveryDate":"2026-11-22"},\
                "offer":{"offerId":"8f6283e3-3ba0-4b1e-a6c8-4a1a5b3f0f2a","reference":"BOOK-NL-001"},\
                "product":{"ean":"9789012345678","title":"Het boek"},"quantity":%d,"quantityShipped":%d,\
                "quantityCancelled":%d,"unitPrice":24.99,"commission":3.75}]}"""
                .formatted(orderId, quantity, shipped, cancelled);
    }
}
