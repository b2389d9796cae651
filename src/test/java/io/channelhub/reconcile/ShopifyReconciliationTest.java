package io.channelhub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.FaultyWebhookDelivery;
import io.channelhub.simulator.FaultyWebhookDelivery.Faults;
import io.channelhub.simulator.FaultyWebhookDelivery.Webhook;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Reconciliation of the Shopify connector against the Shopify simulator, with the hub's real parts. */
class ShopifyReconciliationTest extends HubIntegrationTest {

    private final ShopifySimulator shopify = Simulators.shopify();

    @Autowired
    private Watermarks watermarks;

    @BeforeEach
    void freshShop() {
        shopify.clearOrders();
        shopify.heal();
    }

    @Test
    void afterOneRunTheStoreEqualsTheShopDespiteDroppedDuplicatedAndReorderedWebhooks() {
        Instant base = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        List<Webhook> webhooks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String id = Long.toString(OrderIds.next());
            ids.add(id);
            Instant created = base.plusSeconds(i % 600);
            SimulatedOrder order = new SimulatedOrder(id, "OPEN",
                    List.of(new SimulatedOrder.Line("SKU-" + (i % 37), 1 + i % 3, new BigDecimal("12.50"))), created, created);
            List<SimulatedOrder> versions = new ArrayList<>(List.of(order, order.changed("PAID", created.plusSeconds(60))));
            if (i % 3 == 0) {
                versions.add(versions.get(1).changed(i % 2 == 0 ? "FULFILLED" : "CANCELLED", created.plusSeconds(120)));
            }
            for (SimulatedOrder version : versions) {
                shopify.upsertOrder(version);
                ShopifyWebhook webhook = shopify.webhook(version, "evt-" + id + "-" + version.updatedAt().getEpochSecond());
                webhooks.add(new Webhook(id, version.updatedAt(), webhook.body(), webhook.headers(SECRET)));
            }
        }
        FaultyWebhookDelivery.Report delivery = FaultyWebhookDelivery.deliver(webhooks, new Faults(0.10, 0.10, 0.10, 0.05, 42),
                webhook -> hub.post("shopify", webhook.body(), webhook.headers()).statusCode(), 8);
        Map<String, SimulatedOrder> truth = shopify.orders().stream()
                .collect(Collectors.toMap(SimulatedOrder::orderId, order -> order));
        long latestDropped = ids.stream()
                .filter(id -> !truth.get(id).updatedAt().equals(delivery.latestSentVersion().get(id))).count();
        assertThat(delivery.dropped()).as("the faults were dialled in").isNotEmpty();
        assertThat(delivery.duplicates()).isPositive();
        String first = ids.get(0);
        String last = ids.get(ids.size() - 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> eventsLogged(first, last) == delivery.sentEvents().size());
        assertThat(differences(truth, first, last)).as("orders whose latest webhook was dropped are behind")
                .hasSize((int) latestDropped);
        Map<String, Integer> revisionsBefore = revisions(first, last);

        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + base.minusSeconds(60));

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.body().path("ordersFound").asInt()).isEqualTo(2_000);
        assertThat(run.body().path("drift").asInt()).isEqualTo((int) latestDropped);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(differences(truth, first, last)).isEmpty());
        assertThat(hub.metric("hub_reconcile_drift", "connector=\"shopify\"")).isEqualTo(latestDropped);
        // the polled copies of orders that were already current changed nothing, not even their revision
        Map<String, Integer> revisionsAfter = revisions(first, last);
        long untouched = ids.stream().filter(id -> truth.get(id).updatedAt().equals(delivery.latestSentVersion().get(id)))
                .filter(id -> revisionsAfter.get(id).equals(revisionsBefore.get(id))).count();
        assertThat(untouched).isEqualTo(2_000 - latestDropped);
        // and nothing was applied twice: one log row per distinct event, webhook or polled
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsLogged(first, last) == delivery.sentEvents().size() + 2_000);
    }

    @Test
    void aRunThatFailsHalfwayLeavesTheWatermarkAndTheNextRunCompletesTheWindow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> before = placeOrders(120, now.minus(Duration.ofMinutes(5)));
        OpsAnswer firstRun = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + now.minus(Duration.ofHours(1)));
        assertThat(firstRun.body().path("outcome").asText()).isEqualTo("SUCCEEDED");
        Instant watermark = watermarks.find("shopify").orElseThrow();
        assertThat(watermark).isEqualTo(Instant.parse(firstRun.body().path("until").asText()));
        List<String> added = placeOrders(180, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        shopify.failListPage(2);

        OpsAnswer failed = hub.opsPost("/ops/connectors/shopify/reconcile");

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.body().path("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.body().path("pages").asInt()).isEqualTo(2);
        assertThat(failed.body().path("error").asText()).contains("500");
        assertThat(watermarks.find("shopify")).contains(watermark);

        shopify.heal();
        OpsAnswer next = hub.opsPost("/ops/connectors/shopify/reconcile");

        assertThat(next.status()).isEqualTo(200);
        assertThat(Instant.parse(next.body().path("since").asText()))
                .as("the failed window is read again, from the unchanged watermark minus the overlap")
                .isEqualTo(watermark.minus(Duration.ofMinutes(10)));
        assertThat(next.body().path("ordersFound").asInt()).isEqualTo(300);
        assertThat(watermarks.find("shopify").orElseThrow()).isAfter(watermark);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : added) {
                assertThat(hub.ops("/ops/orders/shopify/" + id).status()).isEqualTo(200);
            }
        });
        assertThat(before).allSatisfy(id -> assertThat(hub.ops("/ops/orders/shopify/" + id).status()).isEqualTo(200));
        JsonNode history = hub.ops("/ops/connectors/shopify/reconciliations?limit=3").body();
        assertThat(history.findValuesAsText("outcome")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    }

    @Test
    void aSecondChangeStampedWithTheSameSecondIsAppliedToo() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = placeOrders(1, at).get(0);
        Instant since = at.minus(Duration.ofHours(1));
        hub.opsPost("/ops/connectors/shopify/reconcile?since=" + since);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(status(id)));
        SimulatedOrder paid = shopify.orders().iterator().next();
        shopify.upsertOrder(paid.changed("FULFILLED", at));

        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + since);

        assertThat(run.body().path("drift").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FULFILLED".equals(status(id)));
    }

    @Test
    void aManualRunOfALaterWindowLeavesTheWatermarkSoTheGapBeforeItIsStillRead() {
        hub.opsPost("/ops/connectors/shopify/reconcile");
        // the last good run was two hours ago; an order changed an hour ago has not been read yet
        Instant watermark = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("UPDATE reconcile_watermarks SET watermark = ? WHERE connector_id = 'shopify'",
                watermark.atOffset(ZoneOffset.UTC));
        String inTheGap = placeOrders(1, Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)).get(0);

        OpsAnswer lastMinutes = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + Instant.now().minus(Duration.ofMinutes(5)));

        assertThat(lastMinutes.status()).isEqualTo(200);
        assertThat(lastMinutes.body().path("watermarkAdvanced").asBoolean()).isFalse();
        assertThat(watermarks.find("shopify")).contains(watermark);
        OpsAnswer next = hub.opsPost("/ops/connectors/shopify/reconcile");
        assertThat(next.body().path("watermarkAdvanced").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(hub.ops("/ops/orders/shopify/" + inTheGap).status()).isEqualTo(200));
    }

    @Test
    void rateLimitsAreWaitedOutNotCountedAsFailures() {
        placeOrders(250, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        double failuresBefore = hub.metric("hub_reconcile_runs_total", "connector=\"shopify\"", "outcome=\"failed\"");
        int limitedBefore = shopify.rateLimitedAnswers();
        shopify.rateLimitNextListRequests(3);

        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + Instant.now().minus(Duration.ofHours(1)));

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("ordersFound").asInt()).isEqualTo(250);
        assertThat(shopify.rateLimitedAnswers() - limitedBefore).isEqualTo(3);
        assertThat(hub.metric("hub_reconcile_runs_total", "connector=\"shopify\"", "outcome=\"failed\""))
                .isEqualTo(failuresBefore);
    }

    @Test
    void aShopAnsweringSlowlyAndWith5xxAnd429PartOfTheTimeStillConverges() {
        List<String> ids = placeOrders(350, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        shopify.faults().serverErrors(0.2).rateLimits(0.2).latency(Duration.ofMillis(30));

        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + Instant.now().minus(Duration.ofHours(1)));

        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        assertThat(run.body().path("ordersFound").asInt()).isEqualTo(350);
        assertThat(shopify.faults().injectedServerErrors() + shopify.faults().injectedRateLimits())
                .as("the faults were hit").isPositive();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids)
                .allSatisfy(id -> assertThat(hub.ops("/ops/orders/shopify/" + id).status()).isEqualTo(200)));
    }

    @Test
    void theServedApiVersionAndDeprecationNoticesAreExposed() {
        placeOrders(1, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        shopify.deprecateCalls("This endpoint is deprecated; use GraphQL");
        double deprecatedBefore = hub.metric("hub_marketplace_api_deprecated_calls_total", "connector=\"shopify\"");

        hub.opsPost("/ops/connectors/shopify/reconcile?since=" + Instant.now().minus(Duration.ofHours(1)));

        assertThat(hub.metric("hub_marketplace_api_version", "connector=\"shopify\"", "requested=\"2026-07\"",
                "served=\"2026-07\"")).isEqualTo(1.0);
        assertThat(hub.metric("hub_marketplace_api_deprecated_calls_total", "connector=\"shopify\""))
                .isGreaterThan(deprecatedBefore);
    }

    @Test
    void connectorsWhoseMarketplaceCannotListOrdersSaySo() {
        assertThat(hub.opsPost("/ops/connectors/generic/reconcile").status()).isEqualTo(409);
        assertThat(hub.opsPost("/ops/connectors/nope/reconcile").status()).isEqualTo(404);
    }

    private List<String> placeOrders(int count, Instant at) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = Long.toString(OrderIds.next());
            ids.add(id);
            shopify.upsertOrder(new SimulatedOrder(id, "PAID",
                    List.of(new SimulatedOrder.Line("SKU-R", 1, new BigDecimal("5.00"))), at, at));
        }
        return ids;
    }

    private String status(String id) {
        OpsAnswer order = hub.ops("/ops/orders/shopify/" + id);
        return order.status() == 200 ? order.body().path("status").asText() : null;
    }

    private long eventsLogged(String first, String last) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log WHERE connector_id = 'shopify' "
                + "AND external_id BETWEEN ? AND ?", Long.class, first, last);
    }

    private Map<String, Integer> revisions(String first, String last) {
        Map<String, Integer> revisions = new HashMap<>();
        jdbc.query("SELECT external_id, revision FROM orders WHERE connector_id = 'shopify' AND external_id BETWEEN ? AND ?",
                rs -> {
                    revisions.put(rs.getString(1), rs.getInt(2));
                }, first, last);
        return revisions;
    }

    /** The orders whose stored state is not the shop's: missing, another version, status or quantity. */
    private List<String> differences(Map<String, SimulatedOrder> truth, String first, String last) {
        Map<String, String> stored = new HashMap<>();
        jdbc.query("SELECT o.external_id, o.status, o.marketplace_updated_at, "
                        + "(SELECT SUM(quantity) FROM order_lines l WHERE l.connector_id = o.connector_id AND l.external_id = o.external_id) "
                        + "FROM orders o WHERE o.connector_id = 'shopify' AND o.external_id BETWEEN ? AND ?",
                rs -> {
                    stored.put(rs.getString(1), rs.getString(2) + "@" + rs.getObject(3, OffsetDateTime.class).toInstant()
                            + "x" + rs.getInt(4));
                }, first, last);
        return truth.values().stream()
                .filter(order -> !(order.status() + "@" + order.updatedAt() + "x"
                        + order.lines().stream().mapToInt(SimulatedOrder.Line::quantity).sum()).equals(stored.get(order.orderId())))
                .map(SimulatedOrder::orderId)
                .toList();
    }
}
