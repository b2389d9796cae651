package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.DatabaseSensitive;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.KafkaProbe;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an operator checks after a bad day: every event applied once, the newest state kept, failures kept. */
@DatabaseSensitive
class ExactlyOnceProcessingTest extends HubIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void theSameEventSentFiveTimesConcurrentlyIsAppliedOnce() throws Exception {
        long orderId = OrderIds.next();
        ShopifyWebhook webhook = ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId, Instant.now(), "paid", "A", 1);
        ExecutorService senders = Executors.newFixedThreadPool(5);
        try {
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sends.add(() -> hub.send("shopify", webhook).statusCode());
            }
            for (Future<Integer> status : senders.invokeAll(sends)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            senders.shutdown();
        }
        // a later event of the same order proves all five copies were processed before we look
        long marker = OrderIds.next();
        hub.send("shopify", ShopifyWebhook.order("orders/updated", "evt-" + marker, orderId,
                Instant.now().plusSeconds(60), "paid", "A", 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("lastEventId").asText())
                        .isEqualTo("evt-" + marker));

        assertThat(eventLog(orderId)).extracting(row -> row.path("eventId").asText())
                .containsExactly("evt-" + orderId, "evt-" + marker);
        assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("revision").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?", Integer.class,
                "shopify:evt-" + orderId)).isEqualTo(1);
    }

    @Test
    void updatesDeliveredOutOfOrderLeaveTheNewestState() {
        long orderId = OrderIds.next();
        Instant created = Instant.parse("2026-11-20T10:00:00Z");
        // the newest state arrives first, then a retry of the original creation, then the intermediate update
        hub.send("shopify", ShopifyWebhook.order("orders/cancelled", "evt-3-" + orderId, orderId, created.plusSeconds(120), "refunded", "A", 1));
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-1-" + orderId, orderId, created, "pending", "A", 1));
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-2-" + orderId, orderId, created.plusSeconds(60), "paid", "A", 1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventLog(orderId)).hasSize(3));
        JsonNode order = hub.ops("/ops/orders/shopify/" + orderId).body();
        assertThat(order.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.path("financialStatus").asText()).isEqualTo("REFUNDED");
        assertThat(order.path("updatedAt").asText()).isEqualTo("2026-11-20T10:02:00Z");
        assertThat(order.path("revision").asInt()).isEqualTo(1);
        assertThat(eventLog(orderId)).extracting(row -> row.path("outcome").asText())
                .containsExactly("CREATED", "STALE", "STALE");
    }

    @Test
    void twoChangesWithinTheSameSecondBothApply() {
        long orderId = OrderIds.next();
        Instant sameSecond = Instant.parse("2026-11-20T11:00:00Z");
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-c-" + orderId, orderId, sameSecond, "pending", "A", 1));
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-p-" + orderId, orderId, sameSecond, "paid", "A", 1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(eventLog(orderId)).hasSize(2));
        assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("financialStatus").asText()).isEqualTo("PAID");
        assertThat(eventLog(orderId)).extracting(row -> row.path("outcome").asText()).containsExactly("CREATED", "UPDATED");
    }

    @Test
    void anOversizedUnsignedTopicHeaderCannotJamThePartition() {
        long orderId = OrderIds.next();
        // Shopify signs the body only: a replayed body with a made-up 300-character topic is stored, dead-lettered...
        String longTopic = "orders/" + "x".repeat(300);
        ShopifyWebhook replay = ShopifyWebhook.order(longTopic, "evt-long-" + orderId, orderId, Instant.now(), "paid", "A", 1);
        assertThat(hub.send("shopify", replay).statusCode()).isEqualTo(200);
        // ...and the order's next event, on the same partition, is still applied
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-ok-" + orderId, orderId, Instant.now(), "paid", "A", 1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(200));
        assertThat(deadLetter("evt-long-" + orderId).path("eventType").asText()).hasSize(128);
    }

    @Test
    void aPoisonEventIsDeadLetteredWithItsRawBytesAndTheEventsBehindItAreApplied() {
        long orderId = OrderIds.next();
        // the id is readable, so the poison shares the partition of the order's later, valid events
        byte[] poison = ("{\"id\":" + orderId + ",\"updated_at\":\"yesterday\",\"note\":\"caf\u00e9\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(hub.send("shopify", ShopifyWebhook.raw("orders/updated", "evt-poison-" + orderId, poison)).statusCode())
                .isEqualTo(200);
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-ok-" + orderId, orderId, Instant.now(), "paid", "A", 1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(200));
        JsonNode letter = deadLetter("evt-poison-" + orderId);
        assertThat(Base64.getDecoder().decode(letter.path("payloadBase64").asText())).isEqualTo(poison);
        assertThat(letter.path("errorClass").asText()).endsWith("PermanentEventException");
        assertThat(letter.path("errorMessage").asText()).contains("updated_at");
        assertThat(letter.path("attempts").asInt()).as("permanent failures are not retried").isEqualTo(1);
        assertThat(letter.path("status").asText()).isEqualTo("NEW");
        assertThat(letter.path("headers").path("x-shopify-topic").asText()).isEqualTo("orders/updated");

        JsonNode one = hub.ops("/ops/dead-letters/" + letter.path("id").asLong()).body();
        assertThat(one.path("eventId").asText()).isEqualTo("evt-poison-" + orderId);

        try (KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            ConsumerRecord<String, byte[]> onTopic = probe.readAll(topics.deadLetters()).stream()
                    .filter(r -> new String(r.headers().lastHeader("hub-event-id").value(), StandardCharsets.UTF_8)
                            .equals("evt-poison-" + orderId))
                    .findFirst().orElseThrow();
            assertThat(onTopic.value()).isEqualTo(poison);
            assertThat(new String(onTopic.headers().lastHeader("hub-error-class").value(), StandardCharsets.UTF_8))
                    .endsWith("PermanentEventException");
        }
    }

    @Test
    void unparseableJsonAndUnknownTopicsAreDeadLetteredNotDropped() {
        String notJson = "evt-notjson-" + OrderIds.next();
        byte[] garbage = {'{', '"', 'i', (byte) 0xff, (byte) 0xfe, 0};
        assertThat(hub.send("shopify", ShopifyWebhook.raw("orders/create", notJson, garbage)).statusCode()).isEqualTo(200);
        long productId = OrderIds.next();
        String unknownTopic = "evt-product-" + productId;
        hub.send("shopify", ShopifyWebhook.order("products/create", unknownTopic, productId, Instant.now(), "paid", "A", 1));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(deadLetter(notJson)).isNotNull();
            assertThat(deadLetter(unknownTopic)).isNotNull();
        });
        JsonNode letter = deadLetter(notJson);
        assertThat(letter.path("payload").isMissingNode() || letter.path("payload").isNull())
                .as("bytes that are not UTF-8 are not shown as text").isTrue();
        assertThat(Base64.getDecoder().decode(letter.path("payloadBase64").asText())).isEqualTo(garbage);
        assertThat(deadLetter(unknownTopic).path("errorMessage").asText()).contains("products/create");
    }

    @Test
    void aTransientDatabaseFailureIsRetriedAndTheEventAppliedOnce() throws Exception {
        long orderId = OrderIds.next();
        Instant created = Instant.now();
        hub.send("shopify", ShopifyWebhook.order("orders/create", "evt-1-" + orderId, orderId, created, "pending", "A", 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(200));

        double retriesBefore = hub.metric("hub_processing_retries_total", "connector=\"shopify\"");
        try (Connection blocker = dataSource.getConnection()) {
            // another writer holds the order's row: the update gives up on the lock (H2's LOCK_TIMEOUT, PostgreSQL's
            // lock_timeout) and is retried
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement();
                 ResultSet held = lock.executeQuery("SELECT * FROM orders WHERE connector_id = 'shopify' AND external_id = '"
                         + orderId + "' FOR UPDATE")) {
                assertThat(held.next()).isTrue();
                hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-2-" + orderId, orderId,
                        created.plusSeconds(30), "paid", "A", 1));
                Thread.sleep(1500);
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("revision").asInt())
                        .as("not applied while the row is locked").isEqualTo(1);
            }
            blocker.rollback();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("financialStatus").asText()).isEqualTo("PAID"));
        assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("revision").asInt()).isEqualTo(2);
        assertThat(eventLog(orderId)).extracting(row -> row.path("outcome").asText()).containsExactly("CREATED", "UPDATED");
        assertThat(deadLetterOrNull("evt-2-" + orderId)).isNull();
        assertThat(hub.metric("hub_processing_retries_total", "connector=\"shopify\"")).as("retries are counted")
                .isGreaterThan(retriesBefore);
    }

    private List<JsonNode> eventLog(long orderId) {
        List<JsonNode> rows = new ArrayList<>();
        hub.ops("/ops/orders/shopify/" + orderId + "/events").body().forEach(rows::add);
        return rows;
    }

    private JsonNode deadLetter(String eventId) {
        JsonNode found = deadLetterOrNull(eventId);
        assertThat(found).as("dead letter for " + eventId).isNotNull();
        return found;
    }

    private JsonNode deadLetterOrNull(String eventId) {
        for (JsonNode item : hub.ops("/ops/dead-letters?connector=shopify&size=500").body().path("items")) {
            if (item.path("eventId").asText().equals(eventId)) {
                return item;
            }
        }
        return null;
    }
}
