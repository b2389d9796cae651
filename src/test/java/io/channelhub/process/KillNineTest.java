package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.DatabaseSensitive;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubProcess;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub process is killed with SIGKILL while webhooks are arriving and being processed, then started again on
 * the same data: every webhook it answered 200 is applied, and none twice.
 */
@DatabaseSensitive
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @Test
    void everyAcknowledgedWebhookSurvivesAKillAndIsAppliedOnce(@TempDir Path dataDir) throws Exception {
        try (HubProcess hubProcess = new HubProcess(dataDir)) {
            killWhileReceivingThenRestart(hubProcess);
        }
    }

    /** An operator told "paused" finds the connector paused after a crash right after the answer. */
    @Test
    void anAnsweredOpsChangeSurvivesAKillRightAfterIt(@TempDir Path dataDir) throws Exception {
        try (HubProcess hubProcess = new HubProcess(dataDir)) {
            hubProcess.start();
            HubClient hub = hubProcess.client();
            assertThat(hub.opsPost("/ops/connectors/shopify/pause", "{\"reason\":\"kill test\"}").status())
                    .isEqualTo(200);
            hubProcess.kill();

            hubProcess.start();
            JsonNode shopify = hub.ops("/ops/connectors/shopify").body();
            assertThat(shopify.path("processingPaused").asBoolean()).isTrue();
            assertThat(shopify.path("reason").asText()).isEqualTo("kill test");
            hubProcess.kill();
        }
    }

    private static void killWhileReceivingThenRestart(HubProcess hubProcess) throws Exception {
        hubProcess.start();
        HubClient hub = hubProcess.client();

        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            senders.submit(() -> {
                while (sending.get()) {
                    long id = OrderIds.next();
                    try {
                        if (hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + id, id, Instant.now(),
                                "paid", "A", 1)).statusCode() == 200) {
                            acknowledged.add(id);
                        }
                    } catch (RuntimeException connectionLost) {
                        // the hub is gone: an unanswered webhook is the sender's to retry, not ours to keep
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= ACKS_BEFORE_KILL);
        hubProcess.kill();
        sending.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Set<Long> answered200 = new HashSet<>(acknowledged);

        hubProcess.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders?connector=shopify&size=1").body().path("total").asLong())
                        .isGreaterThanOrEqualTo(answered200.size()));
        hubProcess.stop();

        try (Connection db = hubProcess.database().connect();
             Statement query = db.createStatement()) {
            Set<Long> applied = new HashSet<>();
            try (ResultSet rows = query.executeQuery("SELECT external_id FROM orders WHERE connector_id = 'shopify'")) {
                while (rows.next()) {
                    applied.add(Long.parseLong(rows.getString(1)));
                }
            }
            assertThat(applied).as("every webhook answered 200 is applied").containsAll(answered200);
            try (ResultSet twice = query.executeQuery(
                    "SELECT event_id FROM order_event_log GROUP BY event_id HAVING COUNT(*) > 1")) {
                assertThat(twice.next()).as("no event is applied twice").isFalse();
            }
            try (ResultSet dead = query.executeQuery("SELECT COUNT(*) FROM dead_letters")) {
                dead.next();
                assertThat(dead.getInt(1)).isZero();
            }
        }
    }
}
