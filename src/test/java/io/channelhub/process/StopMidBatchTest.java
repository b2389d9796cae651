package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.support.DatabaseSensitive;
import io.channelhub.support.HubClient;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import io.channelhub.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub is stopped while a batch is in flight (applied but not yet committed to Kafka, and not yet applied),
 * then started again: every acknowledged event ends up applied exactly once.
 */
@DatabaseSensitive
class StopMidBatchTest {

    private static final int EVENTS = 300;

    @Test
    void everyAcknowledgedEventIsAppliedExactlyOnceAcrossTheRestart(@TempDir Path dataDir) throws Exception {
        long blockedOrder = OrderIds.next();
        List<Long> orders = new ArrayList<>();
        JdbcLogin database = TestDatabase.forDataDir(dataDir);
        // retries never run out while the row is held: the stop must find the event still being retried
        try (StandaloneHub first = StandaloneHub.start(dataDir, "hub.processing.retry.max-redeliveries=1000")) {
            HubClient hub = first.client();
            Instant t0 = Instant.now();
            assertThat(hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + blockedOrder, blockedOrder, t0,
                    "pending", "A", 1)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.ops("/ops/orders/shopify/" + blockedOrder).status() == 200);

            JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
            // a connection of our own, like another application's: it outlives the hub's pool
            try (Connection blocker = database.connect()) {
                // hold the order's row so its partition stalls mid-batch, retrying, while the others move on
                blocker.setAutoCommit(false);
                try (Statement lock = blocker.createStatement();
                     ResultSet held = lock.executeQuery("SELECT * FROM orders WHERE external_id = '" + blockedOrder + "' FOR UPDATE")) {
                    assertThat(held.next()).isTrue();
                    hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-paid-" + blockedOrder, blockedOrder,
                            t0.plusSeconds(10), "paid", "A", 1));
                    orders.addAll(sendAll(hub, EVENTS));
                    await().atMost(Duration.ofSeconds(60)).until(() -> appliedCount(jdbc) > EVENTS / 3);
                    int appliedAtStop = appliedCount(jdbc);
                    assertThat(appliedAtStop).as("the stop must come while events are still unapplied").isLessThan(EVENTS + 1);
                    first.close();
                }
                blocker.rollback();
            }
        }

        try (StandaloneHub second = StandaloneHub.start(dataDir)) {
            JdbcTemplate jdbc = second.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(appliedCount(jdbc)).isEqualTo(EVENTS + 2));
            // give redelivered duplicates a moment to show up if dedupe were broken
            Thread.sleep(2000);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log", Integer.class)).isEqualTo(EVENTS + 2);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT event_id FROM order_event_log GROUP BY event_id "
                    + "HAVING COUNT(*) > 1) d", Integer.class)).as("events applied twice").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class)).isEqualTo(EVENTS + 1);
            assertThat(jdbc.queryForObject("SELECT financial_status FROM orders WHERE external_id = ?", String.class,
                    Long.toString(blockedOrder))).isEqualTo("PAID");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).isZero();
        }
    }

    private static List<Long> sendAll(HubClient hub, int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(senders.submit(() -> {
                    long id = OrderIds.next();
                    int status = hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-" + id, id, Instant.now(),
                            "paid", "A", 1)).statusCode();
                    assertThat(status).isEqualTo(200);
                    return id;
                }));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> id : sent) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            senders.shutdown();
        }
    }

    private static int appliedCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log", Integer.class);
    }
}
