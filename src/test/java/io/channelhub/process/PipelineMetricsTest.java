package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics a monitoring system reads about the event path move as webhooks arrive and are applied. */
class PipelineMetricsTest extends HubIntegrationTest {

    private static final String SHOPIFY = "connector=\"shopify\"";

    @Test
    void webhooksAreCountedByAnswerAndTimed() {
        double accepted = hub.metric("hub_webhooks_total", SHOPIFY, "outcome=\"accepted\"", "status=\"200\"");
        double unauthorized = hub.metric("hub_webhooks_total", SHOPIFY, "outcome=\"unauthorized\"", "status=\"401\"");
        double unknown = hub.metric("hub_webhooks_total", "connector=\"unknown\"", "status=\"404\"");
        double timed = hub.metric("hub_webhook_ingest_seconds_count", SHOPIFY);
        long orderId = OrderIds.next();

        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-m-" + orderId, orderId, Instant.now(), "paid", "A", 1));
        hub.post("shopify", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Shopify-Hmac-Sha256", "bm90IGEgc2lnbmF0dXJl"));
        hub.post("no-such-connector-" + orderId, "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(hub.metric("hub_webhooks_total", SHOPIFY, "outcome=\"accepted\"", "status=\"200\"") - accepted).isEqualTo(1);
            assertThat(hub.metric("hub_webhooks_total", SHOPIFY, "outcome=\"unauthorized\"", "status=\"401\"") - unauthorized)
                    .isEqualTo(1);
            assertThat(hub.metric("hub_webhooks_total", "connector=\"unknown\"", "status=\"404\"") - unknown)
                    .as("a URL naming no connector adds no series of its own").isEqualTo(1);
            assertThat(hub.metric("hub_webhook_ingest_seconds_count", SHOPIFY) - timed).isEqualTo(2);
        });
        assertThat(hub.metric("hub_webhook_ingest_seconds_bucket", SHOPIFY, "le=\"+Inf\"")).as("a histogram")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void appliedEventsAreTimedFromAcceptanceAndDuplicatesCounted() {
        double applied = hub.metric("hub_event_processing_seconds_count", SHOPIFY, "source=\"webhook\"");
        double duplicates = hub.metric("hub_dedupe_hits_total", SHOPIFY);
        long orderId = OrderIds.next();
        ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-d-" + orderId, orderId, Instant.now(), "paid", "A", 1);

        hub.send("shopify", webhook);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                hub.metric("hub_event_processing_seconds_count", SHOPIFY, "source=\"webhook\"") - applied >= 1);
        hub.send("shopify", webhook);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.metric("hub_dedupe_hits_total", SHOPIFY) - duplicates).isEqualTo(1));
        assertThat(hub.metric("hub_event_processing_seconds_sum", SHOPIFY, "source=\"webhook\"")).isPositive();
    }
}
