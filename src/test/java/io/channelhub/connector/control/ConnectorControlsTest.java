package io.channelhub.connector.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.DatabaseSensitive;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.ListingIds;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Pausing a connector during an incident keeps its webhooks and applies nothing; resuming applies each once, in order.
 * Disabling stock pushes stops the marketplace calls; enabling sends the latest value. Every switch is audited. Tests
 * share one hub: each switch is put back in a finally block.
 */
@DatabaseSensitive
class ConnectorControlsTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPausedConnectorKeepsItsWebhooksAndAppliesThemOnceInOrderWhenResumed() {
        String sku = "CTRL-" + OrderIds.next();
        List<Long> orders = new ArrayList<>();
        long paidLater = OrderIds.next();
        Instant t0 = Instant.now();
        try {
            OpsAnswer paused = hub.opsPost("/ops/connectors/shopify/pause", "{\"reason\":\"incident 42: bad normaliser\"}");
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.body().path("processingPaused").asBoolean()).isTrue();
            assertThat(paused.body().path("reason").asText()).isEqualTo("incident 42: bad normaliser");
            await().atMost(Duration.ofSeconds(20)).until(() -> "Stopped".equals(overview("shopify").path("processingRoute").asText()));
            long depthBefore = overview("shopify").path("queueDepth").asLong();

            for (int i = 0; i < 4; i++) {
                long order = OrderIds.next();
                orders.add(order);
                assertThat(hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + order, order, t0, "paid", sku, 1))
                        .statusCode()).isEqualTo(200);
            }
            // created, then paid: resumed processing must apply them in this order
            assertThat(hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + paidLater, paidLater, t0,
                    "pending", sku, 1)).statusCode()).isEqualTo(200);
            assertThat(hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-paid-" + paidLater, paidLater,
                    t0.plusSeconds(5), "paid", sku, 1)).statusCode()).isEqualTo(200);
            orders.add(paidLater);

            JsonNode seen = overview("shopify");
            assertThat(Instant.parse(seen.path("lastWebhookAt").asText())).isAfterOrEqualTo(t0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(overview("shopify").path("queueDepth").asLong()).isGreaterThanOrEqualTo(depthBefore + 6));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> appliedEvents(orders) == 0);
        } finally {
            assertThat(hub.opsPost("/ops/connectors/shopify/resume").status()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedEvents(orders) == 6);
        assertThat(hub.ops("/ops/orders/shopify/" + paidLater).body().path("financialStatus").asText()).isEqualTo("PAID");
        assertThat(jdbc.queryForList("SELECT outcome FROM order_event_log WHERE external_id = ? ORDER BY id", String.class,
                Long.toString(paidLater))).as("created, then updated: in order").containsExactly("CREATED", "UPDATED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> appliedEvents(orders) == 6);
        JsonNode resumed = overview("shopify");
        assertThat(resumed.path("processingRoute").asText()).isEqualTo("Started");
        assertThat(resumed.path("processingPaused").asBoolean()).isFalse();
        assertThat(resumed.path("reason").isNull()).as("back to normal: no reason left").isTrue();
        assertThat(Instant.parse(resumed.path("lastAppliedAt").asText())).isAfterOrEqualTo(t0);

        JsonNode pause = latestAudit("connector.pause", "shopify");
        assertThat(pause.path("actor").asText()).isEqualTo("ops");
        assertThat(pause.path("before").path("processingPaused").asBoolean()).isFalse();
        assertThat(pause.path("after").path("processingPaused").asBoolean()).isTrue();
        assertThat(pause.path("detail").asText()).isEqualTo("incident 42: bad normaliser");
        JsonNode resume = latestAudit("connector.resume", "shopify");
        assertThat(resume.path("before").path("processingPaused").asBoolean()).isTrue();
        assertThat(resume.path("after").path("processingPaused").asBoolean()).isFalse();
    }

    @Test
    void aSwitchStoredByAnotherInstanceIsFollowedWithinTheRefreshInterval() {
        try {
            // as another instance would: only the table changes
            jdbc.update("INSERT INTO connector_controls (connector_id, processing_paused, stock_pushes_disabled, reason, "
                    + "updated_by, updated_at) SELECT 'woo', TRUE, FALSE, 'paused elsewhere', 'other-instance', "
                    + "CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM connector_controls WHERE connector_id = 'woo')");
            jdbc.update("UPDATE connector_controls SET processing_paused = TRUE WHERE connector_id = 'woo'");
            await().atMost(Duration.ofSeconds(20)).until(() -> "Stopped".equals(overview("woo").path("processingRoute").asText()));
            assertThat(overview("woo").path("processingPaused").asBoolean()).isTrue();

            jdbc.update("UPDATE connector_controls SET processing_paused = FALSE WHERE connector_id = 'woo'");
            await().atMost(Duration.ofSeconds(20)).until(() -> "Started".equals(overview("woo").path("processingRoute").asText()));
        } finally {
            hub.opsPost("/ops/connectors/woo/resume");
        }
    }

    @Test
    void disabledStockPushesCallNothingAndTheLatestValueGoesOutWhenEnabled() {
        String sku = "CTRL-STOCK-" + OrderIds.next();
        WooCommerceSimulator woo = Simulators.woocommerce();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 5}");
        Map<String, String> ids = woo.createListing(sku, 0);
        assertThat(hub.opsPut("/ops/listings/woo/" + sku, "application/json", ListingIds.json(ids)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(5).equals(woo.advertisedQuantity(ids)));
        try {
            OpsAnswer disabled = hub.opsPost("/ops/connectors/woo/stock-pushes/disable", "{\"reason\":\"woo stock API 500s\"}");
            assertThat(disabled.status()).isEqualTo(200);
            assertThat(disabled.body().path("stockPushesDisabled").asBoolean()).isTrue();
            // a round already under way when the switch flipped may still finish its call
            await().pollDelay(Duration.ofMillis(600)).until(() -> true);
            int writes = woo.stockWrites();

            for (int onHand : new int[] {9, 12, 3}) {
                hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": " + onHand + "}");
            }
            assertThat(hub.opsPost("/ops/connectors/woo/stock-reconcile").status())
                    .as("stock reconciliation leaves the marketplace alone too").isEqualTo(409);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> woo.stockWrites() == writes);
            assertThat(woo.advertisedQuantity(ids)).isEqualTo(5);
            assertThat(overview("woo").path("stockPushesDisabled").asBoolean()).isTrue();
        } finally {
            assertThat(hub.opsPost("/ops/connectors/woo/stock-pushes/enable").status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(3).equals(woo.advertisedQuantity(ids)));

        JsonNode disable = latestAudit("connector.stock-pushes.disable", "woo");
        assertThat(disable.path("before").path("stockPushesDisabled").asBoolean()).isFalse();
        assertThat(disable.path("after").path("stockPushesDisabled").asBoolean()).isTrue();
        JsonNode enable = latestAudit("connector.stock-pushes.enable", "woo");
        assertThat(enable.path("before").path("stockPushesDisabled").asBoolean()).isTrue();
        assertThat(enable.path("after").path("stockPushesDisabled").asBoolean()).isFalse();
    }

    @Test
    void unknownConnectorsAre404AndStockSwitchesOnAConnectorWithoutStockAre409() {
        assertThat(hub.opsPost("/ops/connectors/no-such-connector/pause").status()).isEqualTo(404);
        assertThat(hub.opsPost("/ops/connectors/no-such-connector/resume").status()).isEqualTo(404);
        assertThat(hub.opsPost("/ops/connectors/no-such-connector/stock-pushes/disable").status()).isEqualTo(404);
        assertThat(hub.ops("/ops/connectors/no-such-connector").status()).isEqualTo(404);
        // standard-webhooks has no stock API
        assertThat(hub.opsPost("/ops/connectors/generic/stock-pushes/disable").status()).isEqualTo(409);
        assertThat(hub.opsPost("/ops/connectors/generic/stock-pushes/enable").status()).isEqualTo(409);
        assertThat(hub.opsPost("/ops/connectors/generic/reconcile").status()).isEqualTo(409);
    }

    @Test
    void aViewerSeesTheSwitchesButCannotFlipThem() {
        HubClient viewer = hub.withOpsToken(TestHubSettings.VIEWER_TOKEN);
        assertThat(viewer.ops("/ops/connectors").status()).isEqualTo(200);
        assertThat(viewer.opsPost("/ops/connectors/shopify/pause").status()).isEqualTo(403);
        assertThat(viewer.opsPost("/ops/connectors/woo/stock-pushes/disable").status()).isEqualTo(403);
        assertThat(overview("shopify").path("processingPaused").asBoolean()).isFalse();
        assertThat(overview("woo").path("stockPushesDisabled").asBoolean()).isFalse();
    }

    @Test
    void theOverviewShowsEveryConnectorWithTheFieldsTheDashboardReads() {
        OpsAnswer all = hub.ops("/ops/connectors");
        assertThat(all.status()).isEqualTo(200);
        List<JsonNode> connectors = StreamSupport.stream(all.body().spliterator(), false).toList();
        assertThat(connectors).extracting(c -> c.path("id").asText())
                .containsExactly("amazon", "bol", "ebay", "generic", "shopify", "synthetic-probe", "woo");
        for (JsonNode connector : connectors) {
            List<String> fields = new ArrayList<>();
            connector.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(connector.toString()).containsExactly("id", "type", "reconciles", "pushesStock",
                    "processingPaused", "stockPushesDisabled", "reason", "updatedBy", "updatedAt", "processingRoute",
                    "lastWebhookAt", "lastAppliedAt", "lastReconciliation", "breakerState", "queueDepth");
        }
        JsonNode generic = overview("generic");
        assertThat(generic.path("type").asText()).isEqualTo("standard-webhooks");
        assertThat(generic.path("pushesStock").asBoolean()).isFalse();
        assertThat(generic.path("breakerState").isNull()).isTrue();
        assertThat(generic.path("lastReconciliation").isNull()).isTrue();
        JsonNode woo = overview("woo");
        assertThat(woo.path("breakerState").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
        assertThat(woo.path("processingRoute").asText()).isEqualTo("Started");
        assertThat(woo.path("queueDepth").isIntegralNumber()).as(woo.toString()).isTrue();
    }

    @Test
    void theOverviewShowsTheLatestReconciliationFromAnyInstance() {
        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + Instant.now());
        assertThat(run.status()).isEqualTo(200);

        JsonNode last = overview("shopify").path("lastReconciliation");
        assertThat(last.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("drift").asInt()).isEqualTo(run.body().path("drift").asInt());
        // the database keeps microseconds
        assertThat(Instant.parse(last.path("finishedAt").asText()))
                .isCloseTo(Instant.parse(run.body().path("finishedAt").asText()), within(1, ChronoUnit.MILLIS));
    }


    private JsonNode overview(String connectorId) {
        OpsAnswer answer = hub.ops("/ops/connectors/" + connectorId);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private JsonNode latestAudit(String action, String targetId) {
        OpsAnswer answer = hub.ops("/ops/audit?action=" + action + "&targetId=" + targetId + "&size=1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("items")).as("audit entries of " + action + " on " + targetId).isNotEmpty();
        return answer.body().path("items").get(0);
    }

    private int appliedEvents(List<Long> orders) {
        return orders.stream().mapToInt(order -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM order_event_log WHERE connector_id = 'shopify' AND external_id = ?", Integer.class,
                Long.toString(order))).sum();
    }
}
