package io.channelhub.deadletter;

import static io.channelhub.simulator.AmazonNotifications.amazonOrderId;
import static io.channelhub.simulator.AmazonNotifications.items;
import static io.channelhub.simulator.AmazonNotifications.notification;
import static io.channelhub.simulator.AmazonNotifications.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Dead letters as ops people work them: replayed as they are, edited and replayed, discarded, and many replayed at
 * once after the cause was fixed; through the normal pipeline, applied once, and a letter that fails again is the
 * same letter with one more attempt in its history.
 */
class DeadLetterReplayTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AmazonSimulator amazon = Simulators.amazon();

    @Test
    void aPoisonEventReplayedAsItIsFailsAgainOnTheSameLetterWithItsHistory() {
        long orderId = OrderIds.next();
        long id = poison(orderId);

        assertThat(hub.opsPost("/ops/dead-letters/" + id + "/replay").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode letter = hub.ops("/ops/dead-letters/" + id).body();
            assertThat(letter.path("status").asText()).isEqualTo("NEW");
            assertThat(letter.path("attempts").asInt()).isEqualTo(2);
        });
        assertThat(actions(id)).containsExactly("FAILED", "REPLAYED", "FAILED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE event_id = ?", Long.class,
                "evt-poison-" + orderId)).as("the same letter, not a second one").isEqualTo(1);
        assertThat(hub.ops("/ops/orders/shopify/" + orderId).status()).isEqualTo(404);
    }

    @Test
    void anEditedPayloadIsAppliedOnceAndTheBytesReceivedAreKept() throws Exception {
        long orderId = OrderIds.next();
        long id = poison(orderId);
        byte[] received = Base64.getDecoder().decode(hub.ops("/ops/dead-letters/" + id).body().path("payloadBase64").asText());
        String fixed = new String(ShopifyWebhook.order("orders/updated", "unused", orderId, Instant.now(), "paid", "A", 1)
                .body(), StandardCharsets.UTF_8);

        OpsAnswer replay = hub.opsPost("/ops/dead-letters/" + id + "/replay", JSON.writeValueAsString(Map.of("payload", fixed)));
        // an operator who clicks twice: the second replay is deduplicated (or refused once the first is applied)
        OpsAnswer again = hub.opsPost("/ops/dead-letters/" + id + "/replay");

        assertThat(replay.status()).isEqualTo(202);
        assertThat(again.status()).isIn(202, 409);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(hub.ops("/ops/dead-letters/" + id).body().path("status").asText()).isEqualTo("RESOLVED"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log WHERE event_id = ?", Long.class,
                        "evt-poison-" + orderId)).as("applied exactly once").isEqualTo(1));
        JsonNode letter = hub.ops("/ops/dead-letters/" + id).body();
        assertThat(Base64.getDecoder().decode(letter.path("payloadBase64").asText())).isEqualTo(received);
        assertThat(letter.path("editedPayload").asText()).isEqualTo(fixed);
        assertThat(actions(id)).startsWith("FAILED", "EDITED", "REPLAYED").contains("APPLIED");
        assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("status").asText()).isEqualTo("PAID");
        assertThat(hub.opsPost("/ops/dead-letters/" + id + "/replay").status()).as("nothing left to replay").isEqualTo(409);

        JsonNode audit = hub.ops("/ops/audit?targetType=dead-letter&targetId=" + id).body().path("items");
        List<String> audited = new ArrayList<>();
        audit.forEach(entry -> audited.add(entry.path("action").asText()));
        assertThat(audited).contains("dead-letter.edit", "dead-letter.replay");
        assertThat(audit.get(audit.size() - 1).path("actor").asText()).isNotBlank();
        assertThat(audit.get(audit.size() - 1).path("before").path("payload").asText())
                .isEqualTo(new String(received, StandardCharsets.UTF_8));
    }

    @Test
    void aDiscardNeedsAReasonLeavesTheOpenListAndIsAudited() throws Exception {
        long orderId = OrderIds.next();
        long id = poison(orderId);

        assertThat(hub.opsPost("/ops/dead-letters/" + id + "/discard", "{}").status()).isEqualTo(400);
        assertThat(hub.withOpsToken(TestHubSettings.VIEWER_TOKEN).opsPost("/ops/dead-letters/" + id + "/discard",
                "{\"reason\":\"a viewer may not\"}").status()).isEqualTo(403);
        assertThat(hub.withOpsToken(TestHubSettings.VIEWER_TOKEN).opsPost("/ops/dead-letters/" + id + "/replay").status())
                .isEqualTo(403);
        OpsAnswer discarded = hub.opsPost("/ops/dead-letters/" + id + "/discard",
                JSON.writeValueAsString(Map.of("reason", "test order from the shop's staging theme")));

        assertThat(discarded.status()).isEqualTo(200);
        assertThat(discarded.body().path("status").asText()).isEqualTo("DISCARDED");
        assertThat(ids(hub.ops("/ops/dead-letters?connector=shopify&status=NEW&size=500"))).doesNotContain(id);
        JsonNode audit = hub.ops("/ops/audit?action=dead-letter.discard&targetId=" + id).body();
        assertThat(audit.path("total").asLong()).isEqualTo(1);
        assertThat(audit.path("items").get(0).path("detail").asText()).isEqualTo("test order from the shop's staging theme");
        assertThat(audit.path("items").get(0).path("after").path("status").asText()).isEqualTo("DISCARDED");
    }

    @Test
    void theListFindsLettersByErrorClassTextAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        long orderId = OrderIds.next();
        long id = poison(orderId);
        String errorClass = hub.ops("/ops/dead-letters/" + id).body().path("errorClass").asText();
        String simpleName = errorClass.substring(errorClass.lastIndexOf('.') + 1);
        String word = hub.ops("/ops/dead-letters/" + id).body().path("errorMessage").asText().split("\\W+")[1];

        assertThat(ids(hub.ops("/ops/dead-letters?connector=shopify&errorClass=" + simpleName + "&from=" + before
                + "&q=" + word.toUpperCase() + "&size=500"))).contains(id);
        assertThat(ids(hub.ops("/ops/dead-letters?connector=shopify&to=" + before + "&size=500"))).doesNotContain(id);
        assertThat(ids(hub.ops("/ops/dead-letters?connector=shopify&q=no-such-words-anywhere&size=500"))).isEmpty();
        assertThat(hub.ops("/ops/dead-letters/" + id).body().path("errorStack").asText()).contains(simpleName);
        JsonNode summary = hub.ops("/ops/dead-letters/summary").body();
        boolean counted = false;
        for (JsonNode row : summary) {
            counted |= row.path("connectorId").asText().equals("shopify") && row.path("errorClass").asText().equals(errorClass)
                    && row.path("count").asLong() >= 1;
        }
        assertThat(counted).as("summary counts it: %s", summary).isTrue();
    }

    @Test
    void aBulkReplayAfterTheCauseIsFixedAppliesEachLetterOnce() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderId = amazonOrderId();
            orders.add(orderId);
            // the marketplace does not know the order yet: its notification is dead-lettered with the 404
            assertThat(postAmazon(notification(orderId, UUID.randomUUID().toString()))).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/dead-letters?connector=amazon&status=NEW&from=" + start).body()
                        .path("total").asLong()).isEqualTo(5));
        orders.forEach(orderId -> amazon.putOrder(orderId, order(orderId, "Unshipped", "2026-11-20T10:05:00Z"), items()));

        OpsAnswer job = hub.opsPost("/ops/dead-letters/replay-jobs",
                JSON.writeValueAsString(Map.of("connector", "amazon", "from", start.toString())));

        assertThat(job.status()).isEqualTo(202);
        assertThat(job.body().path("total").asInt()).isEqualTo(5);
        long jobId = job.body().path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode progress = hub.ops("/ops/dead-letters/replay-jobs/" + jobId).body();
            assertThat(progress.path("status").asText()).isEqualTo("FINISHED");
            assertThat(progress.path("replayed").asInt()).isEqualTo(5);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/dead-letters?connector=amazon&status=RESOLVED&from=" + start).body()
                        .path("total").asLong()).isEqualTo(5));
        for (String orderId : orders) {
            assertThat(hub.ops("/ops/orders/amazon/" + orderId + "/events").body().size()).as(orderId).isEqualTo(1);
        }
        assertThat(hub.ops("/ops/audit?action=dead-letters.replay-job.start&targetId=" + jobId).body().path("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void aBulkReplayCanBeCancelled() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        for (int i = 0; i < 40; i++) {
            poisonWithoutWaiting(OrderIds.next());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.ops("/ops/dead-letters?connector=shopify&status=NEW&from=" + start).body()
                        .path("total").asLong()).isGreaterThanOrEqualTo(40));

        JsonNode job = hub.opsPost("/ops/dead-letters/replay-jobs",
                JSON.writeValueAsString(Map.of("connector", "shopify", "from", start.toString()))).body();
        long jobId = job.path("id").asLong();
        assertThat(hub.opsPost("/ops/dead-letters/replay-jobs/" + jobId + "/cancel").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(hub.ops("/ops/dead-letters/replay-jobs/" + jobId).body().path("status").asText())
                        .isEqualTo("CANCELLED"));
        JsonNode cancelled = hub.ops("/ops/dead-letters/replay-jobs/" + jobId).body();
        assertThat(cancelled.path("replayed").asInt()).as("stopped before the end")
                .isLessThan(job.path("total").asInt());
        assertThat(hub.opsPost("/ops/dead-letters/replay-jobs/" + jobId + "/cancel").status()).isEqualTo(409);
    }

    /** A signed Shopify event whose timestamp cannot be read: dead-lettered as permanent. Returns the letter's id. */
    private long poison(long orderId) {
        poisonWithoutWaiting(orderId);
        String eventId = "evt-poison-" + orderId;
        await().atMost(Duration.ofSeconds(20)).until(() -> letterId(eventId) != null);
        return letterId(eventId);
    }

    private void poisonWithoutWaiting(long orderId) {
        byte[] poison = ("{\"id\":" + orderId + ",\"updated_at\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(hub.send("shopify", ShopifyWebhook.raw("orders/updated", "evt-poison-" + orderId, poison)).statusCode())
                .isEqualTo(200);
    }

    private Long letterId(String eventId) {
        return jdbc.queryForList("SELECT id FROM dead_letters WHERE event_id = ?", Long.class, eventId).stream()
                .findFirst().orElse(null);
    }

    private List<String> actions(long id) {
        List<String> actions = new ArrayList<>();
        hub.ops("/ops/dead-letters/" + id).body().path("history").forEach(step -> actions.add(step.path("action").asText()));
        return actions;
    }

    private static List<Long> ids(OpsAnswer page) {
        List<Long> ids = new ArrayList<>();
        page.body().path("items").forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }

    private int postAmazon(String notification) {
        return hub.post("amazon", notification.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "x-api-key", TestHubSettings.AMAZON_API_KEY)).statusCode();
    }
}
