package io.channelhub.connector.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.KafkaProbe;
import io.channelhub.support.OrderIds;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** eBay through the real hub: the endpoint challenge, ECDSA-signed notifications (412 when forged), order fetch. */
class EbayFlowTest extends HubIntegrationTest {

    private final EbaySimulator ebay = Simulators.ebay();

    @Test
    void answersTheEndpointChallenge() {
        HttpResponse<String> answer = hub.get("/webhooks/ebay?challenge_code=challenge-abc123");
        assertThat(answer.statusCode()).isEqualTo(200);
        // computed outside Java: printf '%s' "$CODE$TOKEN$ENDPOINT" | sha256sum
        assertThat(answer.body()).isEqualTo(
                "{\"challengeResponse\":\"9817ac2a8e07a7001d60f8f066fbac25abf1ebe548314a53876cf040d829027c\"}");
    }

    @Test
    void aSignedNotificationIsStoredAndItsOrderFetchedAndApplied() {
        String orderId = "12-" + OrderIds.next() % 100000 + "-" + OrderIds.next() % 100000;
        ebay.putOrder(orderId, order(orderId, "PAID", "NOT_STARTED", "NONE_REQUESTED"));
        String kid = "kid-" + UUID.randomUUID();
        byte[] first = notification(orderId).getBytes(StandardCharsets.UTF_8);
        byte[] second = notification(orderId).getBytes(StandardCharsets.UTF_8);
        int fetchesBefore = ebay.keyFetches();

        assertThat(post(first, ebay.signatureHeader(kid, first))).isEqualTo(200);
        assertThat(post(second, ebay.signatureHeader(kid, second))).isEqualTo(200);
        assertThat(ebay.keyFetches() - fetchesBefore).as("the key is fetched once, then cached").isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/ebay/" + orderId).status()).isEqualTo(200));
        JsonNode stored = hub.ops("/ops/orders/ebay/" + orderId).body();
        assertThat(stored.path("status").asText()).isEqualTo("PAID");
        assertThat(stored.path("totalPrice").decimalValue()).isEqualByComparingTo("31.50");
        assertThat(stored.path("lines").get(0).path("sku").asText()).isEqualTo("LAMP-OAK");
        assertThat(stored.path("lines").get(0).path("price").decimalValue()).isEqualByComparingTo("15.75");
    }

    @Test
    void aForgedOrUnknownKeySignatureIs412AndStoresNothing() {
        String orderId = "12-" + OrderIds.next();
        byte[] body = notification(orderId).getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"something\":\"else\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            long before = probe.recordCount(topics.inbound("ebay"));
            String kid = "kid-" + UUID.randomUUID();
            assertThat(post(body, ebay.signatureHeader(kid, other))).as("signature of another body").isEqualTo(412);
            // a key id eBay never issued: the simulator's key endpoint answers 404
            String forged = java.util.Base64.getEncoder().encodeToString(("{\"alg\":\"ecdsa\",\"kid\":\"made-up-"
                    + UUID.randomUUID() + "\",\"signature\":\"MEUCIQ==\",\"digest\":\"SHA1\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(post(body, forged)).isEqualTo(412);
            int fetches = ebay.keyFetches();
            assertThat(post(body, forged)).isEqualTo(412);
            assertThat(ebay.keyFetches()).as("a key id eBay said it never issued is not asked for again").isEqualTo(fetches);
            assertThat(post(body, null)).as("unsigned").isEqualTo(412);
            assertThat(probe.recordCount(topics.inbound("ebay"))).isEqualTo(before);
        }
    }

    private int post(byte[] body, String signature) {
        Map<String, String> headers = signature == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "X-EBAY-SIGNATURE", signature);
        return hub.post("ebay", body, headers).statusCode();
    }

    private static String notification(String orderId) {
        return ("{\"metadata\":{\"topic\":\"ORDER_CHANGE\",\"schemaVersion\":\"1.0\",\"deprecated\":false},"
                + "\"notification\":{\"notificationId\":\"%s\",\"eventDate\":\"%s\",\"publishDate\":\"%s\","
                + "\"publishAttemptCount\":1,\"data\":{\"orderId\":\"%s\"}}}")
                .formatted(UUID.randomUUID(), Instant.now(), Instant.now(), orderId);
    }

    private static String order(String orderId, String payment, String fulfilment, String cancelState) {
        return """
                {"orderId":"%s","legacyOrderId":"%s","creationDate":"2026-11-20T10:00:00.000Z",\
                "lastModifiedDate":"2026-11-20T10:06:00.000Z","orderFulfillmentStatus":"%s","orderPaymentStatus":"%s",\
                "sellerId":"sim_seller","buyer":{"username":"buyer_1","buyerRegistrationAddress":{"email":"buyer@example.com"}},\
                "pricingSummary":{"total":{"value":"31.50","currency":"EUR"}},"cancelStatus":{"cancelState":"%s","cancelRequests":[]},\
                "lineItems":[{"lineItemId":"10048923488","legacyItemId":"1102","sku":"LAMP-OAK","title":"Oak lamp",\
                "lineItemCost":{"value":"31.50","currency":"EUR"},"quantity":2}]}"""
                .formatted(orderId, orderId, fulfilment, payment, cancelState);
    }
}
