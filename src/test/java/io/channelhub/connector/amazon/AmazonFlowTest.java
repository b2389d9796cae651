package io.channelhub.connector.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.TestHubSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

    private static String amazonOrderId() {
        long n = OrderIds.next();
        return "902-" + (n % 10_000_000) + "-" + (n % 1_000_000_0L);
    }

    /** As an EventBridge API destination forwards it: the EventBridge event, the notification in "detail". */
    private static String notification(String orderId, String notificationId) {
        return """
                {"version":"0","id":"%s","detail-type":"ORDER_CHANGE",\
                "source":"aws.partner/sellingpartnerapi.amazon.com/amzn1.sellerapps.app.sim","account":"123456789012",\
                "time":"%s","region":"eu-west-1","resources":[],"detail":{"NotificationVersion":"1.0",\
                "NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0","EventTime":"%s","Payload":{\
                "OrderChangeNotification":{"NotificationLevel":"OrderLevel","SellerId":"A3TH9S8BH6GOGM",\
                "AmazonOrderId":"%s","OrderChangeType":"OrderStatusChange","OrderChangeTrigger":{\
                "TimeOfOrderChange":"%s","ChangeReason":"OrderStatusChange"},"Summary":{"MarketplaceId":"A1F83G8C2ARO7P",\
                "OrderStatus":"Unshipped","FulfillmentType":"MFN"}}},"NotificationMetadata":{\
                "ApplicationId":"amzn1.sellerapps.app.sim","SubscriptionId":"sub-1","PublishTime":"%s",\
                "NotificationId":"%s"}}}"""
                .formatted(UUID.randomUUID(), Instant.now(), Instant.now(), orderId, Instant.now(), Instant.now(), notificationId);
    }

    private static String order(String orderId, String status, String lastUpdate) {
        return """
                {"AmazonOrderId":"%s","PurchaseDate":"2026-11-20T10:00:00Z","LastUpdateDate":"%s","OrderStatus":"%s",\
                "FulfillmentChannel":"MFN","SalesChannel":"Amazon.co.uk","OrderTotal":{"CurrencyCode":"GBP","Amount":"25.98"},\
                "NumberOfItemsShipped":0,"NumberOfItemsUnshipped":2,"MarketplaceId":"A1F83G8C2ARO7P",\
                "BuyerInfo":{"BuyerEmail":"buyer@marketplace.amazon.co.uk"}}""".formatted(orderId, lastUpdate, status);
    }

    private static String items() {
        return """
                [{"ASIN":"B00X4WHP5E","SellerSKU":"MUG-BLUE","OrderItemId":"68828574383266","Title":"Blue mug",\
                "QuantityOrdered":2,"QuantityShipped":0,"ItemPrice":{"CurrencyCode":"GBP","Amount":"25.98"}}]""";
    }
}
