package io.channelhub.connector.amazon;

import static io.channelhub.simulator.AmazonNotifications.amazonOrderId;
import static io.channelhub.simulator.AmazonNotifications.items;
import static io.channelhub.simulator.AmazonNotifications.notification;
import static io.channelhub.simulator.AmazonNotifications.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.TestHubSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Amazon through the real hub: an EventBridge-forwarded ORDER_CHANGE notification is stored, then the order it
 * names is fetched from the (simulated) Orders API, through rate limits and an expired token, and applied once.
 */
class AmazonFlowTest extends HubIntegrationTest {

    private final AmazonSimulator amazon = Simulators.amazon();

    @Test
    void aNotificationIsStoredThenItsOrderFetchedAndAppliedOnce() {
        String orderId = amazonOrderId();
        amazon.putOrder(orderId, order(orderId, "Unshipped", "2026-11-20T10:05:00Z"), items());
        String notificationId = UUID.randomUUID().toString();
        int requestsBefore = amazon.orderRequests();

        assertThat(post(notification(orderId, notificationId), TestHubSettings.AMAZON_API_KEY)).isEqualTo(200);
        assertThat(post(notification(orderId, notificationId), TestHubSettings.AMAZON_API_KEY)).as("a redelivery").isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/amazon/" + orderId).status()).isEqualTo(200));
        JsonNode stored = hub.ops("/ops/orders/amazon/" + orderId).body();
        assertThat(stored.path("status").asText()).isEqualTo("PAID");
        assertThat(stored.path("currency").asText()).isEqualTo("GBP");
        assertThat(stored.path("customerEmail").asText()).isEqualTo("buyer@marketplace.amazon.co.uk");
        assertThat(stored.path("lines").get(0).path("sku").asText()).isEqualTo("MUG-BLUE");
        assertThat(stored.path("lines").get(0).path("price").decimalValue()).isEqualByComparingTo("12.99");
        assertThat(stored.path("lastEventId").asText()).isEqualTo(notificationId);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/amazon/" + orderId + "/events").body().size()).isEqualTo(1));
        assertThat(amazon.orderRequests() - requestsBefore).as("getOrder + getOrderItems, once").isEqualTo(2);
    }

    @Test
    void aNotificationForAnOrderTheApiDoesNotKnowIsDeadLetteredWithTheNotificationsBytes() {
        String orderId = amazonOrderId();
        String notificationId = UUID.randomUUID().toString();
        String notification = notification(orderId, notificationId);
        assertThat(post(notification, TestHubSettings.AMAZON_API_KEY)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode letters = hub.ops("/ops/dead-letters?connector=amazon&size=500").body().path("items");
            JsonNode letter = null;
            for (JsonNode item : letters) {
                if (item.path("eventId").asText().equals(notificationId)) {
                    letter = item;
                }
            }
            assertThat(letter).isNotNull();
            assertThat(letter.path("payload").asText()).isEqualTo(notification);
            assertThat(letter.path("errorMessage").asText()).contains("404");
        });
    }

    @Test
    void theWrongApiKeyIsRefused() {
        String orderId = amazonOrderId();
        assertThat(post(notification(orderId, UUID.randomUUID().toString()), "not-the-key")).isEqualTo(401);
    }

    @Test
    void rateLimitsAreWaitedOutAndAnExpiredTokenIsRenewed() {
        String orderId = amazonOrderId();
        amazon.putOrder(orderId, order(orderId, "Shipped", "2026-11-21T09:00:00Z"), items());
        int rateLimitedBefore = amazon.rateLimitedAnswers();
        int tokensBefore = amazon.tokensIssued();
        amazon.expireTokens();
        amazon.rateLimitNext(2);

        assertThat(post(notification(orderId, UUID.randomUUID().toString()), TestHubSettings.AMAZON_API_KEY)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/amazon/" + orderId).status()).isEqualTo(200));
        assertThat(hub.ops("/ops/orders/amazon/" + orderId).body().path("status").asText()).isEqualTo("FULFILLED");
        assertThat(amazon.rateLimitedAnswers() - rateLimitedBefore).isEqualTo(2);
        assertThat(amazon.tokensIssued()).as("a new token after the old one was refused").isGreaterThan(tokensBefore);
    }

    private int post(String notification, String apiKey) {
        return hub.post("amazon", notification.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "x-api-key", apiKey)).statusCode();
    }
}
