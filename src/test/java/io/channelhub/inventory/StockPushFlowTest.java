package io.channelhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.StockSimulator;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.ListingIds;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Stock changes reach every simulated marketplace listing the SKU, through each one's real stock API, minus its
 * policy (the test hub keeps one unit back on Shopify), coalesced, and without one marketplace's outage holding up
 * the others.
 */
class StockPushFlowTest extends HubIntegrationTest {

    @Test
    void everyMarketplaceListingTheSkuShowsItsAdvertisedQuantityWithinSeconds() {
        String sku = "PUSH-" + OrderIds.next();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 20}");
        Map<String, StockSimulator> marketplaces = new LinkedHashMap<>();
        marketplaces.put("shopify", Simulators.shopify());
        marketplaces.put("woo", Simulators.woocommerce());
        marketplaces.put("ebay", Simulators.ebay());
        marketplaces.put("amazon", Simulators.amazon());
        marketplaces.put("bol", Simulators.bol());
        Map<String, Map<String, String>> listings = list(sku, marketplaces);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(shown(marketplaces, listings))
                .containsExactly(Map.entry("shopify", 19), Map.entry("woo", 20), Map.entry("ebay", 20),
                        Map.entry("amazon", 20), Map.entry("bol", 20)));
        long order = OrderIds.next();
        hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + order, order, Instant.now(), "paid", sku, 5));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(shown(marketplaces, listings))
                .containsExactly(Map.entry("shopify", 14), Map.entry("woo", 15), Map.entry("ebay", 15),
                        Map.entry("amazon", 15), Map.entry("bol", 15)));
        assertThat(hub.ops("/ops/inventory/" + sku).body().path("advertised").path("shopify").asInt()).isEqualTo(14);
    }

    @Test
    void aBurstOfChangesIsPushedAsTheLatestValueNotOneCallEach() throws Exception {
        String sku = "BURST-" + OrderIds.next();
        WooCommerceSimulator woo = Simulators.woocommerce();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 50}");
        Map<String, String> ids = woo.createListing(sku, 0);
        hub.opsPut("/ops/listings/woo/" + sku, "application/json", ListingIds.json(ids));
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(50).equals(woo.advertisedQuantity(ids)));
        int writesBefore = woo.stockWrites();

        ExecutorService feeders = Executors.newFixedThreadPool(20);
        List<Future<?>> counts = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            int onHand = i;
            counts.add(feeders.submit(() -> hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": " + onHand + "}")));
        }
        for (Future<?> count : counts) {
            count.get();
        }
        feeders.shutdown();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 777}");

        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(777).equals(woo.advertisedQuantity(ids)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Integer.valueOf(777).equals(woo.advertisedQuantity(ids)));
        assertThat(woo.stockWrites() - writesBefore).as("101 changes, a handful of pushes").isBetween(1, 6);
    }

    @Test
    void oneMarketplaceDownDoesNotHoldUpTheOthersAndCatchesUpWhenItRecovers() {
        String sku = "OUTAGE-" + OrderIds.next();
        EbaySimulator ebay = Simulators.ebay();
        ShopifySimulator shopify = Simulators.shopify();
        Map<String, StockSimulator> marketplaces = new LinkedHashMap<>();
        marketplaces.put("shopify", shopify);
        marketplaces.put("woo", Simulators.woocommerce());
        marketplaces.put("ebay", ebay);
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 10}");
        Map<String, Map<String, String>> listings = list(sku, marketplaces);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(shown(marketplaces, listings))
                .containsExactly(Map.entry("shopify", 9), Map.entry("woo", 10), Map.entry("ebay", 10)));
        double deferredBefore = hub.metric("hub_stock_pushes_total", "connector=\"ebay\"", "outcome=\"deferred\"");
        try {
            ebay.faults().serverErrors(1.0);
            hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 7}");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(shown(marketplaces, listings))
                    .containsExactly(Map.entry("shopify", 6), Map.entry("woo", 7), Map.entry("ebay", 10)));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> Integer.valueOf(10).equals(ebay.advertisedQuantity(listings.get("ebay"))));
            assertThat(hub.metric("hub_stock_pushes_total", "connector=\"ebay\"", "outcome=\"deferred\""))
                    .as("eBay's breaker opened: its pushes wait instead of failing call after call").isGreaterThan(deferredBefore);
        } finally {
            ebay.heal();
        }
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(ebay.advertisedQuantity(listings.get("ebay"))).isEqualTo(7));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE event_id = ?", Long.class,
                "stock-push:" + sku)).as("an outage dead-letters nothing: the breaker paces the retries").isZero();
    }

    @Test
    void aQuantityChangedOnTheMarketplaceBehindOurBackIsFoundAndCorrected() {
        String sku = "DRIFT-" + OrderIds.next();
        EbaySimulator ebay = Simulators.ebay();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 8}");
        Map<String, Map<String, String>> listings = list(sku, Map.of("ebay", ebay));
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(8).equals(ebay.advertisedQuantity(listings.get("ebay"))));
        ebay.setOfferQuantity(listings.get("ebay").get("offerId"), 3);
        double driftBefore = hub.metric("hub_stock_drift_total", "connector=\"ebay\"");

        var found = hub.opsPost("/ops/connectors/ebay/stock-reconcile");

        assertThat(found.body().path("drift").asInt()).isEqualTo(1);
        assertThat(hub.metric("hub_stock_drift_total", "connector=\"ebay\"")).isEqualTo(driftBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(8).equals(ebay.advertisedQuantity(listings.get("ebay"))));
        assertThat(hub.opsPost("/ops/connectors/ebay/stock-reconcile").body().path("drift").asInt()).isZero();
    }

    @Test
    void listingsImportedFromTheMarketplaceArePushedLikeAnyOther() {
        String sku = "IMPORTED-" + OrderIds.next();
        WooCommerceSimulator woo = Simulators.woocommerce();
        Map<String, String> ids = woo.createListing(sku, 0);
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 4}");

        var imported = hub.opsPost("/ops/listings/woo/import");

        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().path("imported").asInt()).isPositive();
        var listed = hub.ops("/ops/listings/woo").body();
        boolean found = false;
        for (var listing : listed) {
            found |= sku.equals(listing.path("sku").asText())
                    && ids.get("productId").equals(listing.path("ids").path("productId").asText());
        }
        assertThat(found).as(listed.toString()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(4).equals(woo.advertisedQuantity(ids)));
    }

    @Test
    void aRefusedPushIsDeadLetteredAndItsReplayPushesTheStockOfNow() {
        String sku = "REFUSED-" + OrderIds.next();
        ShopifySimulator shopify = Simulators.shopify();
        Map<String, String> ids = shopify.createListing(sku, 0);
        shopify.untrackInventory(ids.get("inventoryItemId"));
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 8}");
        hub.opsPut("/ops/listings/shopify/" + sku, "application/json", ListingIds.json(ids));
        await().atMost(Duration.ofSeconds(15)).until(() -> letterId(sku) != null);
        long id = letterId(sku);
        assertThat(hub.ops("/ops/dead-letters/" + id).body().path("editable").asBoolean()).isFalse();
        assertThat(hub.opsPut("/ops/dead-letters/" + id + "/payload", "application/json", "{\"payload\":\"{}\"}").status())
                .as("a push has nothing to edit: it sends the stock of now").isEqualTo(409);
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 12}");

        shopify.trackInventory(ids.get("inventoryItemId"));
        assertThat(hub.opsPost("/ops/dead-letters/" + id + "/replay").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(shopify.advertisedQuantity(ids)).as("12 on hand, one held back").isEqualTo(11);
            assertThat(hub.ops("/ops/dead-letters/" + id).body().path("status").asText()).isEqualTo("RESOLVED");
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE event_id = ?", Long.class,
                "stock-push:" + sku)).as("one letter for the listing").isEqualTo(1);
    }

    private Long letterId(String sku) {
        return jdbc.queryForList("SELECT id FROM dead_letters WHERE connector_id = 'shopify' AND event_id = ?", Long.class,
                "stock-push:" + sku).stream().findFirst().orElse(null);
    }

    private Map<String, Map<String, String>> list(String sku, Map<String, StockSimulator> marketplaces) {
        Map<String, Map<String, String>> listings = new LinkedHashMap<>();
        marketplaces.forEach((connector, simulator) -> {
            Map<String, String> ids = simulator.createListing(sku, 0);
            listings.put(connector, ids);
            assertThat(hub.opsPut("/ops/listings/" + connector + "/" + sku, "application/json", ListingIds.json(ids)).status())
                    .isEqualTo(200);
        });
        return listings;
    }

    private static Map<String, Integer> shown(Map<String, StockSimulator> marketplaces, Map<String, Map<String, String>> listings) {
        Map<String, Integer> shown = new LinkedHashMap<>();
        marketplaces.forEach((connector, simulator) -> shown.put(connector, simulator.advertisedQuantity(listings.get(connector))));
        return shown;
    }
}
