package io.channelhub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention in the running hub (H2): an operator's run deletes what is older than the windows and nothing else, says
 * how much, and is audited; the schedule's route is on the clustered Quartz store. An event delivered again after its
 * key was deleted is not deduplicated any more, and the version guard is what keeps it from changing anything.
 */
class RetentionTest extends HubIntegrationTest {

    private static final String KEY_IN_WINDOW = "shopify:retention-six-days-old";

    @Test
    void anOldDuplicateAfterItsKeyIsDeletedChangesNothing() {
        long orderId = OrderIds.next();
        Instant created = Instant.parse("2026-11-01T10:00:00Z");
        ShopifyWebhook create = ShopifyWebhook.order("orders/create", "evt-create-" + orderId, orderId, created,
                "pending", "RETENTION-MUG", 1);
        ShopifyWebhook paid = ShopifyWebhook.order("orders/paid", "evt-paid-" + orderId, orderId, created.plusSeconds(60),
                "paid", "RETENTION-MUG", 1);
        assertThat(hub.send("shopify", create).statusCode()).isEqualTo(200);
        assertThat(hub.send("shopify", paid).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(outcomes(orderId))
                .containsExactly("CREATED", "UPDATED"));
        // a week and a day later, as far as the keys are concerned
        age("shopify:evt-create-" + orderId, Duration.ofDays(8));
        age("shopify:evt-paid-" + orderId, Duration.ofDays(8));
        jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('inbound-events', ?, ?)",
                KEY_IN_WINDOW + "-" + orderId, Timestamp.from(Instant.now().minus(Duration.ofDays(6))));
        double deletedBefore = hub.metric("hub_retention_deleted_total", "table=\"camel_messageprocessed\"");

        OpsAnswer run = hub.opsPost("/ops/retention/run");

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("idempotentKeys").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(run.body().path("complete").asBoolean()).isTrue();
        assertThat(keys(orderId)).as("the keys older than 7 days went, the one inside the window stayed")
                .containsExactly(KEY_IN_WINDOW + "-" + orderId);
        assertThat(hub.metric("hub_retention_deleted_total", "table=\"camel_messageprocessed\""))
                .isGreaterThanOrEqualTo(deletedBefore + 2);

        // Shopify (or a replay, or a consumer re-reading its topic) delivers both events once more
        assertThat(hub.send("shopify", create).statusCode()).isEqualTo(200);
        assertThat(hub.send("shopify", paid).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(outcomes(orderId))
                .as("not deduplicated any more, so processed: the older version is STALE, the same one UNCHANGED")
                .containsExactly("CREATED", "UPDATED", "STALE", "UNCHANGED"));
        JsonNode order = hub.ops("/ops/orders/shopify/" + orderId).body();
        assertThat(order.path("financialStatus").asText()).isEqualTo("PAID");
        assertThat(order.path("revision").asInt()).as("nothing was written").isEqualTo(2);
        assertThat(order.path("lastEventId").asText()).isEqualTo("evt-paid-" + orderId);
    }

    @Test
    void reconciliationRunsOlderThanTheWindowGoButEachConnectorsLatestStays() {
        String connector = "retention-" + OrderIds.next();
        long oldSuccess = reconcileRun(connector, "SUCCEEDED", Duration.ofDays(45));
        long oldFailure = reconcileRun(connector, "FAILED", Duration.ofDays(40));
        long latestSuccess = reconcileRun(connector, "SUCCEEDED", Duration.ofDays(35));
        long latest = reconcileRun(connector, "FAILED", Duration.ofDays(2));

        OpsAnswer run = hub.opsPost("/ops/retention/run");

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().path("reconcileRuns").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("SELECT id FROM reconcile_runs WHERE connector_id = ? ORDER BY id", Long.class, connector))
                .containsExactly(latestSuccess, latest).doesNotContain(oldSuccess, oldFailure);
        JsonNode audit = hub.ops("/ops/audit?action=retention.run&size=1").body().path("items").get(0);
        assertThat(audit.path("actor").asText()).isEqualTo("ops");
        assertThat(audit.path("after").path("reconcileRuns").asLong()).isEqualTo(run.body().path("reconcileRuns").asLong());
    }

    @Test
    void aViewerCannotRunItAndTheScheduleIsOnTheClusteredJobStore() {
        OpsAnswer refused = hub.withOpsToken(TestHubSettings.VIEWER_TOKEN).opsPost("/ops/retention/run");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(jdbc.queryForList("SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'retention'", String.class))
                .containsExactly("retention");
    }

    private void age(String key, Duration age) {
        assertThat(jdbc.update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ? WHERE messageId = ?",
                Timestamp.from(Instant.now().minus(age)), key)).isEqualTo(1);
    }

    private List<String> keys(long orderId) {
        return jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE messageId LIKE ? ORDER BY messageId",
                String.class, "%-" + orderId);
    }

    private List<String> outcomes(long orderId) {
        List<String> outcomes = new ArrayList<>();
        hub.ops("/ops/orders/shopify/" + orderId + "/events").body().forEach(event -> outcomes.add(event.path("outcome").asText()));
        return outcomes;
    }

    private long reconcileRun(String connectorId, String outcome, Duration age) {
        return ReconcileRunRows.insert(jdbc, connectorId, outcome, Instant.now().minus(age));
    }
}
