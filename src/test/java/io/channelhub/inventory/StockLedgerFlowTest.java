package io.channelhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.DatabaseSensitive;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Orders from the connectors move the ledger through the real pipeline: webhooks, Kafka, processing, the database. */
@DatabaseSensitive
class StockLedgerFlowTest extends HubIntegrationTest {

    @Test
    void anOrderReservesItsCancellationReleasesItsShipmentConsumesAndDuplicatesChangeNothing() {
        String sku = "LEDGER-" + OrderIds.next();
        assertThat(hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 5}").status()).isEqualTo(200);
        long reserved = OrderIds.next();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ShopifyWebhook paid = ShopifyWebhook.order("orders/paid", "evt-" + reserved, reserved, at, "paid", sku, 2);

        hub.send("shopify", paid);
        hub.send("shopify", paid);
        hub.send("shopify", ShopifyWebhook.order("orders/updated", "evt-" + reserved + "-again", reserved, at, "paid", sku, 2));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("5/2/3"));
        long cancelled = OrderIds.next();
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + cancelled, cancelled, at, "paid", sku, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("5/3/2"));
        hub.send("shopify", ShopifyWebhook.order("orders/cancelled", "evt-" + cancelled + "-c", cancelled,
                at.plusSeconds(5), "voided", sku, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("5/2/3"));
        hub.send("shopify", fulfilled(reserved, at.plusSeconds(10), sku, 2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("3/0/3"));
        // a late copy of the paid state changes nothing: the order is shipped
        hub.send("shopify", ShopifyWebhook.order("orders/updated", "evt-" + reserved + "-late", reserved, at, "paid", sku, 2));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(level(sku)).isEqualTo("3/0/3"));
    }

    @Test
    void threeConnectorsRacingForTheLastTenUnitsReserveExactlyTenAndFlagEveryOtherSale() throws Exception {
        LastUnitsRace.run(hub, jdbc);
    }

    @Test
    void anOrderLargerThanWhatIsLeftHoldsWhatThereIsAndAnEditNeverGivesHeldStockBack() {
        String sku = "SHORT-" + OrderIds.next();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 2}");
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long big = OrderIds.next();

        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + big, big, at, "paid", sku, 3));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("2/2/0"));
        assertThat(shortfall(sku, big)).isEqualTo(1);
        long edited = OrderIds.next();
        String other = "EDIT-" + OrderIds.next();
        hub.opsPut("/ops/inventory/" + other, "application/json", "{\"onHand\": 2}");
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + edited, edited, at, "paid", other, 2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(other)).isEqualTo("2/2/0"));
        hub.send("shopify", ShopifyWebhook.order("orders/updated", "evt-" + edited + "-3", edited, at.plusSeconds(1), "paid", other, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shortfall(other, edited)).isEqualTo(1));
        assertThat(level(other)).as("the two units it held stay held").isEqualTo("2/2/0");
        hub.send("shopify", ShopifyWebhook.order("orders/cancelled", "evt-" + big + "-c", big, at.plusSeconds(5), "voided", sku, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("2/0/2"));
        assertThat(shortfall(sku, big)).as("a cancelled oversell is resolved").isZero();
    }

    @Test
    void ordersForASkuWithoutStockYetAreReservedWhenItsFirstCountArrives() {
        String sku = "NEW-" + OrderIds.next();
        long early = OrderIds.next();
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + early, early, Instant.now(), "paid", sku, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM stock_reservations WHERE sku = ? AND state = 'UNTRACKED'", Long.class, sku) == 1);

        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 5}");

        assertThat(level(sku)).isEqualTo("5/2/3");
    }

    @Test
    void aShippedOrderOfASkuWithoutStockIsNotOversoldAndItsFirstCountReservesNothingForIt() {
        // found by the chaos suite: an order first seen shipped (its earlier webhooks lost, or found by reconciliation)
        // of an untracked SKU was flagged OVERSOLD, and so was every untracked order shipped later
        String sku = "UNTRACKED-" + OrderIds.next();
        long shipped = OrderIds.next();
        long reservedThenShipped = OrderIds.next();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        hub.send("shopify", fulfilled(shipped, at, sku, 2));
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + reservedThenShipped, reservedThenShipped, at, "paid", sku, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM stock_reservations WHERE sku = ? AND state = 'UNTRACKED'", Long.class, sku) == 1);
        hub.send("shopify", fulfilled(reservedThenShipped, at.plusSeconds(5), sku, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM stock_reservations WHERE sku = ? AND state = 'CONSUMED'", Long.class, sku) == 2);
        assertThat(jdbc.queryForObject("SELECT SUM(shortfall) FROM stock_reservations WHERE sku = ?", Long.class, sku))
                .as("nothing short on a SKU the ledger does not track").isZero();
        for (JsonNode line : hub.ops("/ops/inventory/oversold").body()) {
            assertThat(line.path("sku").asText()).isNotEqualTo(sku);
        }
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 4}");
        assertThat(level(sku)).as("the first count is what is left after the shipments").isEqualTo("4/0/4");
    }

    @Test
    void aCountWithoutOnHandIsRefusedNotTakenForZero() {
        String sku = "MISSPELT-" + OrderIds.next();
        assertThat(hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"on_hand\": 9}").status()).isEqualTo(400);
        assertThat(hub.opsPut("/ops/inventory", "application/json", "[{\"sku\":\"" + sku + "\"}]").status()).isEqualTo(400);
        assertThat(hub.ops("/ops/inventory/" + sku).status()).isEqualTo(404);
    }

    @Test
    void aCsvStockFeedIsAppliedWhole() {
        String a = "CSV-A-" + OrderIds.next();
        String b = "CSV-B-" + OrderIds.next();
        assertThat(hub.opsPut("/ops/inventory", "text/csv", "sku,onHand\n" + a + ",7\n" + b + ",x\n").status()).isEqualTo(400);
        assertThat(hub.ops("/ops/inventory/" + a).status()).as("nothing of a refused file is applied").isEqualTo(404);
        assertThat(hub.opsPut("/ops/inventory", "text/csv", "sku,onHand\n" + a + ",7\n" + b + ",3\n").status()).isEqualTo(200);
        assertThat(level(a)).isEqualTo("7/0/7");
        assertThat(hub.opsPut("/ops/inventory", "application/json", "[{\"sku\":\"" + b + "\",\"onHand\":9}]").status()).isEqualTo(200);
        assertThat(level(b)).isEqualTo("9/0/9");
    }

    @Test
    void anErpPublishingCountsToTheStockFeedTopicSetsOnHandAndAMalformedRecordIsDeadLettered() throws Exception {
        String sku = "ERP-" + OrderIds.next();
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> erp = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            erp.send(new ProducerRecord<>(topics.stockFeed(), sku, "{\"sku\":\"" + sku + "\",\"onHand\":12}")).get();
            erp.send(new ProducerRecord<>(topics.stockFeed(), sku, "{\"sku\":\"" + sku + "\",\"onHand\":\"lots\"}")).get();
            erp.send(new ProducerRecord<>(topics.stockFeed(), sku, "[{\"sku\":\"" + sku + "\",\"onHand\":13}]")).get();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hub.ops("/ops/inventory/" + sku).status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(level(sku)).isEqualTo("13/0/13"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE source_topic = ? AND payload = ?", Long.class,
                topics.stockFeed(), ("{\"sku\":\"" + sku + "\",\"onHand\":\"lots\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(1);
    }

    private String level(String sku) {
        JsonNode level = hub.ops("/ops/inventory/" + sku).body();
        return level.path("onHand").asInt() + "/" + level.path("reserved").asInt() + "/" + level.path("available").asInt();
    }

    private int shortfall(String sku, long orderId) {
        return jdbc.queryForObject("SELECT shortfall FROM stock_reservations WHERE sku = ? AND external_id = ?",
                Integer.class, sku, Long.toString(orderId));
    }


    private static ShopifyWebhook fulfilled(long orderId, Instant at, String sku, int quantity) {
        String json = new String(ShopifyWebhook.order("orders/fulfilled", "x", orderId, at, "paid", sku, quantity).body(),
                StandardCharsets.UTF_8).replace("\"fulfillment_status\":null", "\"fulfillment_status\":\"fulfilled\"");
        return ShopifyWebhook.raw("orders/fulfilled", "evt-" + orderId + "-f", json.getBytes(StandardCharsets.UTF_8));
    }
}
