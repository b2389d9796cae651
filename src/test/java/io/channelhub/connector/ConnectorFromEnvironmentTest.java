package io.channelhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HubClient;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second store is configuration only: two environment variables add a connector with its own URL and routes. */
class ConnectorFromEnvironmentTest {

    @Test
    void environmentVariablesAddASecondShopifyStore(@TempDir Path dataDir) {
        Map<String, Object> environment = Map.of(
                "HUB_CONNECTORS_SHOP2_TYPE", "shopify",
                "HUB_CONNECTORS_SHOP2_SECRET", "shop2-secret");
        try (StandaloneHub running = StandaloneHub.start(dataDir, environment)) {
            CamelContext camel = running.bean(CamelContext.class);
            assertThat(camel.getRoute("webhook-ingest-shop2")).isNotNull();
            assertThat(camel.getRoute("process-shop2")).isNotNull();

            long orderId = OrderIds.next();
            ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId, Instant.now(),
                    "paid", "A", 1);
            HubClient hub = running.client();
            // signed with the first store's secret: refused by the second store
            assertThat(hub.send("shop2", webhook).statusCode()).isEqualTo(401);
            assertThat(hub.post("shop2", webhook.body(), webhook.headers("shop2-secret")).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(hub.ops("/ops/orders/shop2/" + orderId).status()).isEqualTo(200));
            assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(404);
            // webhooks only (no API settings): no reconciliation or stock routes that would fail every run
            assertThat(camel.getRoute("reconcile-poll-shop2")).isNull();
            assertThat(camel.getRoute("stock-push-shop2")).isNull();
            assertThat(hub.opsPost("/ops/connectors/shop2/reconcile").status()).isEqualTo(409);
            assertThat(camel.getRoute("reconcile-poll-shopify")).isNotNull();
        }
    }
}
