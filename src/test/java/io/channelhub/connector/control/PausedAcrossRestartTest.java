package io.channelhub.connector.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.HubClient;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A pause outlives a restart: a hub starting with a paused connector reads none of its events, not even one, until an
 * operator resumes it; then each is applied once.
 */
class PausedAcrossRestartTest {

    @Test
    void aHubStartingWithAPausedConnectorProcessesNothingOfItUntilResumed(@TempDir Path dataDir) {
        List<Long> orders = new ArrayList<>();
        try (StandaloneHub first = StandaloneHub.start(dataDir)) {
            HubClient hub = first.client();
            assertThat(hub.opsPost("/ops/connectors/shopify/pause", "{\"reason\":\"before the restart\"}").status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "Stopped".equals(hub.ops("/ops/connectors/shopify").body().path("processingRoute").asText()));
            for (int i = 0; i < 3; i++) {
                long order = OrderIds.next();
                orders.add(order);
                assertThat(hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + order, order, Instant.now(),
                        "paid", "RESTART-" + order, 1)).statusCode()).isEqualTo(200);
            }
        }

        try (StandaloneHub second = StandaloneHub.start(dataDir)) {
            HubClient hub = second.client();
            JdbcTemplate jdbc = second.bean(JdbcTemplate.class);
            var shopify = hub.ops("/ops/connectors/shopify").body();
            assertThat(shopify.path("processingRoute").asText()).isEqualTo("Stopped");
            assertThat(shopify.path("processingPaused").asBoolean()).isTrue();
            assertThat(shopify.path("reason").asText()).isEqualTo("before the restart");
            assertThat(shopify.path("queueDepth").asLong()).isGreaterThanOrEqualTo(3);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> applied(jdbc, orders) == 0);

            assertThat(hub.opsPost("/ops/connectors/shopify/resume").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> applied(jdbc, orders) == 3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> applied(jdbc, orders) == 3);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    hub.ops("/ops/connectors/shopify").body().path("queueDepth").asLong() == 0);
        }
    }

    /** Events processed for the orders: each applied event is one row, so a double apply would show. */
    private static int applied(JdbcTemplate jdbc, List<Long> orders) {
        return orders.stream().mapToInt(order -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM order_event_log WHERE connector_id = 'shopify' AND external_id = ?", Integer.class,
                Long.toString(order))).sum();
    }
}
