package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.ListingIds;
import io.channelhub.support.OrderIds;
import io.channelhub.support.PrometheusServer;
import io.channelhub.support.StandardWebhook;
import io.channelhub.support.TestHubSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures a shop would feel move the metrics that config/alerts watches past their thresholds: a real Prometheus
 * scrapes this hub every second with the project's rules, and each failure makes its alert pending or firing for
 * the connector it hit. (The rules' own unit tests are in config/alerts/tests, run by AlertingConfigTest.)
 */
class AlertSignalsTest extends HubIntegrationTest {

    private static final Path RULES = Path.of("config/alerts/channel-hub.rules.yml");
    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);
    private static PrometheusServer prometheus;

    @BeforeEach
    void startPrometheus() throws IOException {
        if (prometheus == null) {
            prometheus = PrometheusServer.start(RULES, opsPort, TestHubSettings.VIEWER_TOKEN,
                    Files.createTempDirectory("channel-hub-prometheus-"));
        }
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
    }

    @Test
    void aPoisonEventRaisesTheDeadLetterAlert() {
        String id = "alert-poison-" + OrderIds.next();
        String body = "{\"type\":\"order.updated\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"name\":\"no id\"}}";

        assertThat(sendGeneric(id, body)).isEqualTo(200);

        await().atMost(ALERT_WAIT).until(() -> prometheus.active("HubDeadLetters", "generic"));
    }

    @Test
    void anOversellRaisesTheOversoldAlert() {
        String sku = "ALERT-OVERSOLD-" + OrderIds.next();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 1}");
        String orderId = "alert-oversell-" + OrderIds.next();

        assertThat(sendGeneric("evt-" + orderId, StandardWebhook.order(orderId, "paid", sku, 3, Instant.now()))).isEqualTo(200);

        await().atMost(ALERT_WAIT).until(() -> prometheus.active("HubStockOversold", "generic"));
        assertThat(hub.metric("hub_stock_oversold_lines", "connector=\"generic\"")).isPositive();
    }

    @Test
    void aMarketplaceOutageRaisesTheBreakerAlert() {
        String sku = "ALERT-OUTAGE-" + OrderIds.next();
        EbaySimulator ebay = Simulators.ebay();
        Map<String, String> listing = ebay.createListing(sku, 0);
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 5}");
        hub.opsPut("/ops/listings/ebay/" + sku, "application/json", ListingIds.json(listing));
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(5).equals(ebay.advertisedQuantity(listing)));
        try {
            ebay.faults().serverErrors(1.0);
            hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 4}");

            await().atMost(ALERT_WAIT).until(() -> prometheus.active("HubStockBreakerOpen", "ebay"));
            assertThat(hub.metric("hub_stock_breaker_state", "connector=\"ebay\"", "state=\"CLOSED\"")).isZero();
        } finally {
            ebay.heal();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> Integer.valueOf(4).equals(ebay.advertisedQuantity(listing)));
    }

    @Test
    void droppedWebhooksRaiseTheDriftAlertWhenReconciliationFindsThem() {
        ShopifySimulator shopify = Simulators.shopify();
        Instant now = Instant.now();
        for (int i = 0; i < 11; i++) {
            // sold on Shopify, and its webhook never arrived
            shopify.upsertOrder(new SimulatedOrder(Long.toString(OrderIds.next()), "PAID",
                    List.of(new SimulatedOrder.Line("ALERT-DRIFT", 1, new BigDecimal("5.00"))), now, now));
        }

        assertThat(hub.opsPost("/ops/connectors/shopify/reconcile?since=" + now.minusSeconds(60)).status()).isEqualTo(200);

        await().atMost(ALERT_WAIT).until(() -> prometheus.active("HubReconcileDrift", "shopify"));
        assertThat(hub.metric("hub_reconcile_drift", "connector=\"shopify\"")).isGreaterThanOrEqualTo(11);
    }

    @Test
    void aGrowingBacklogRaisesTheConsumerLagAlert() throws Exception {
        assertThat(hub.opsPost("/ops/connectors/generic/pause").status()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "Stopped".equals(hub.ops("/ops/connectors/generic").body().path("processingRoute").asText()));
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 1_050; i++) {
                String orderId = "alert-lag-" + OrderIds.next();
                sent.add(senders.submit(() -> sendGeneric("evt-" + orderId,
                        StandardWebhook.order(orderId, "open", "ALERT-LAG", 1, Instant.now()))));
            }
            for (Future<Integer> answer : sent) {
                assertThat(answer.get()).isEqualTo(200);
            }
            senders.shutdown();

            await().atMost(ALERT_WAIT).until(() -> prometheus.active("HubConsumerLagGrowing", "generic"));
        } finally {
            hub.opsPost("/ops/connectors/generic/resume");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.metric("hub_kafka_consumer_lag", "connector=\"generic\"") == 0);
    }

    @Test
    void aBrokenPathRaisesTheSyntheticProbeAlert() {
        assertThat(hub.opsPost("/ops/connectors/synthetic-probe/pause").status()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "Stopped".equals(hub.ops("/ops/connectors/synthetic-probe").body().path("processingRoute").asText()));
            assertThat(hub.opsPost("/ops/probe").body().path("success").asBoolean()).isFalse();

            await().atMost(ALERT_WAIT).until(() -> prometheus.alerts().stream()
                    .anyMatch(alert -> "HubSyntheticProbeFailing".equals(alert.get("alertname"))));
        } finally {
            hub.opsPost("/ops/connectors/synthetic-probe/resume");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.opsPost("/ops/probe").body().path("success").asBoolean());
    }

    private int sendGeneric(String id, String body) {
        return hub.post("generic", body.getBytes(StandardCharsets.UTF_8),
                StandardWebhook.headers(TestHubSettings.GENERIC_SECRET, id, Instant.now().getEpochSecond(), body)).statusCode();
    }
}
