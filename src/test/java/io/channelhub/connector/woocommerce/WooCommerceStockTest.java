package io.channelhub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.TestHubSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock sync against the WooCommerce simulator: real HTTP to WooCommerce's batch endpoints and product lists. */
class WooCommerceStockTest {

    private static final String CONNECTOR = "woo";

    private final WooCommerceSimulator woo = Simulators.woocommerce();
    private final ObjectMapper json = new ObjectMapper();
    private final WooCommerceConnector connector =
            new WooCommerceConnector(new WooCommerceOrderNormaliser(json), new WooCommerceApi(new MarketplaceHttp(), json));
    private final ConnectorSettings settings = settings(WooCommerceSimulator.CONSUMER_SECRET);

    @BeforeEach
    void emptyShop() {
        woo.clearListings();
        woo.heal();
    }

    @AfterEach
    void healShop() {
        woo.heal();
    }

    @Test
    void aBatchSetsTheQuantitiesOfProductsAndVariationsWithOneCallPerCollection() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));
        Listing pen = listing("PEN", woo.createListing("PEN", 0));
        long shirt = woo.createProduct("variable", "SHIRT", null);
        Listing shirtS = listing("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 2));
        Listing shirtM = listing("SHIRT-M", woo.createVariation(shirt, "SHIRT-M", 2));
        long cap = woo.createProduct("variable", "CAP", null);
        Listing capRed = listing("CAP-RED", woo.createVariation(cap, "CAP-RED", 9));
        List<StockUpdate> updates = List.of(new StockUpdate(shirtS, 11), new StockUpdate(mug, 0),
                new StockUpdate(capRed, 4), new StockUpdate(pen, 250), new StockUpdate(shirtM, 3));
        int writesBefore = woo.stockWrites();

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, updates);

        assertThat(results).extracting(StockPushResult::update, StockPushResult::outcome).containsExactly(
                tuple(updates.get(0), Outcome.APPLIED), tuple(updates.get(1), Outcome.APPLIED),
                tuple(updates.get(2), Outcome.APPLIED), tuple(updates.get(3), Outcome.APPLIED),
                tuple(updates.get(4), Outcome.APPLIED));
        for (StockUpdate update : updates) {
            assertThat(woo.advertisedQuantity(update.listing().ids())).as(update.listing().sku()).isEqualTo(update.quantity());
        }
        assertThat(woo.stockWrites() - writesBefore).as("products, SHIRT's variations, CAP's variations").isEqualTo(3);
    }

    @Test
    void aListingTheShopDoesNotKnowIsRefusedWithItsMessageAndTheRestOfTheBatchIsApplied() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));
        Listing gone = listing("GONE", Map.of("productId", "999999"));
        long shirt = woo.createProduct("variable", "SHIRT", null);
        Listing shirtS = listing("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 2));
        Listing goneVariation = listing("SHIRT-XXL", Map.of("productId", String.valueOf(shirt), "variationId", "888888"));
        Listing external = listing("EXT", Map.of("productId", String.valueOf(woo.createProduct("external", "EXT", null))));

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(gone, 1),
                new StockUpdate(mug, 7), new StockUpdate(goneVariation, 1), new StockUpdate(shirtS, 8),
                new StockUpdate(external, 3)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.REFUSED, Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED, Outcome.REFUSED);
        assertThat(results.get(0).detail()).contains("woocommerce_rest_product_invalid_id", "Invalid ID.", "999999");
        assertThat(results.get(2).detail()).contains("woocommerce_rest_product_variation_invalid_id", "888888");
        assertThat(results.get(4).detail()).contains("product_external_invalid_manage_stock",
                "External products cannot be stock managed.");
        assertThat(woo.advertisedQuantity(mug.ids())).isEqualTo(7);
        assertThat(woo.advertisedQuantity(shirtS.ids())).isEqualTo(8);
    }

    @Test
    void aListingWithoutUsableIdsIsRefusedWithoutAskingTheShop() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));
        Listing noId = listing("NOID", Map.of("variationId", "12"));
        Listing notANumber = listing("SLUG", Map.of("productId", "blue-mug"));
        int writesBefore = woo.stockWrites();

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings,
                List.of(new StockUpdate(noId, 1), new StockUpdate(notANumber, 1), new StockUpdate(mug, 6)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.REFUSED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(0).detail()).contains("productId");
        assertThat(results.get(1).detail()).contains("blue-mug");
        assertThat(woo.stockWrites() - writesBefore).isEqualTo(1);
    }

    @Test
    void aShopAnsweringEveryRequestWithAServerErrorFailsThePushAsAWhole() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));
        long shirt = woo.createProduct("variable", "SHIRT", null);
        Listing shirtS = listing("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 2));
        woo.faults().serverErrors(1.0);

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings,
                List.of(new StockUpdate(mug, 1), new StockUpdate(shirtS, 1))))
                .isInstanceOf(TransientMarketplaceException.class)
                .hasMessageContaining("503");
        woo.heal();
        assertThat(woo.advertisedQuantity(mug.ids())).isEqualTo(5);
        assertThat(woo.advertisedQuantity(shirtS.ids())).isEqualTo(2);
    }

    @Test
    void whenALaterCallOfThePushFailsTheEarlierOnesStandAndTheRestAreRetried() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));
        long shirt = woo.createProduct("variable", "SHIRT", null);
        Listing shirtS = listing("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 2));
        long cap = woo.createProduct("variable", "CAP", null);
        Listing capRed = listing("CAP-RED", woo.createVariation(cap, "CAP-RED", 9));
        // dialled faults are seeded: at this rate the first request is answered and the second gets a 503
        woo.faults().serverErrors(0.5);

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings,
                List.of(new StockUpdate(mug, 1), new StockUpdate(shirtS, 1), new StockUpdate(capRed, 1)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.RETRY, Outcome.RETRY);
        assertThat(results.get(1).detail()).contains("503");
        woo.heal();
        assertThat(woo.advertisedQuantity(mug.ids())).isEqualTo(1);
        assertThat(woo.advertisedQuantity(shirtS.ids())).isEqualTo(2);
        assertThat(woo.advertisedQuantity(capRed.ids())).as("not tried after the failure").isEqualTo(9);
    }

    @Test
    void rateLimitsAreWaitedOut() {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            updates.add(new StockUpdate(listing("SKU-" + i, woo.createListing("SKU-" + i, 1)), 10 + i));
        }
        int rateLimitedBefore = woo.faults().injectedRateLimits();
        woo.faults().rateLimits(0.5);

        List<StockPushResult> results = new ArrayList<>();
        // one call per update, so that several requests meet the dialled 429s
        for (StockUpdate update : updates) {
            results.addAll(connector.pushStock(CONNECTOR, settings, List.of(update)));
        }

        assertThat(woo.faults().injectedRateLimits()).isGreaterThan(rateLimitedBefore);
        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.APPLIED);
        woo.heal();
        for (StockUpdate update : updates) {
            assertThat(woo.advertisedQuantity(update.listing().ids())).isEqualTo(update.quantity());
        }
    }

    @Test
    void wrongCredentialsFailThePushWithoutShowingTheSecret() {
        Listing mug = listing("MUG", woo.createListing("MUG", 5));

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings("cs_wrong-secret-0000"),
                List.of(new StockUpdate(mug, 1))))
                .isInstanceOf(TransientMarketplaceException.class)
                .hasMessageContaining("401")
                .message().doesNotContain("cs_wrong-secret-0000");
        assertThat(woo.advertisedQuantity(mug.ids())).isEqualTo(5);
    }

    @Test
    void theListedQuantityIsWhatTheShopShows() {
        Listing mug = listing("MUG", woo.createListing("MUG", 17));
        Listing unmanaged = listing("POSTER", Map.of("productId", String.valueOf(woo.createProduct("simple", "POSTER", null))));
        long shirt = woo.createProduct("variable", "SHIRT", 40);
        Listing own = listing("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 3));
        Listing followsParent = listing("SHIRT-M", woo.createVariation(shirt, "SHIRT-M", null));

        assertThat(connector.listedQuantity(CONNECTOR, settings, mug)).isEqualTo(OptionalInt.of(17));
        assertThat(connector.listedQuantity(CONNECTOR, settings, own)).isEqualTo(OptionalInt.of(3));
        assertThat(connector.listedQuantity(CONNECTOR, settings, followsParent)).isEqualTo(OptionalInt.of(40));
        assertThat(connector.listedQuantity(CONNECTOR, settings, unmanaged)).isEmpty();

        connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 2), new StockUpdate(own, 0)));
        assertThat(connector.listedQuantity(CONNECTOR, settings, mug)).isEqualTo(OptionalInt.of(2));
        assertThat(connector.listedQuantity(CONNECTOR, settings, own)).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void importedListingsAreTheShopsProductsAndVariationsWithASkuOfTheirOwnOverSeveralPages() {
        Map<String, Map<String, String>> expected = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            expected.put("BULK-" + i, woo.createListing("BULK-" + i, i));
        }
        woo.createProduct("simple", null, 4);
        woo.createProduct("external", "AFFILIATE", null);
        woo.createProduct("grouped", "GIFT-SET", null);
        long shirt = woo.createProduct("variable", "SHIRT", null);
        expected.put("SHIRT-S", woo.createVariation(shirt, "SHIRT-S", 1));
        woo.createVariation(shirt, null, 1);
        long sharedStock = woo.createProduct("variable", "SOCKS", 30);
        expected.put("SOCKS", Map.of("productId", String.valueOf(sharedStock)));
        for (int i = 0; i < 105; i++) {
            expected.put("SOCKS-" + i, woo.createVariation(sharedStock, "SOCKS-" + i, null));
        }

        List<Listing> listings = connector.importListings(CONNECTOR, settings);

        assertThat(listings).allSatisfy(listing -> assertThat(listing.connectorId()).isEqualTo(CONNECTOR));
        assertThat(listings).extracting(Listing::sku).doesNotHaveDuplicates();
        Map<String, Map<String, String>> imported = new HashMap<>();
        listings.forEach(listing -> imported.put(listing.sku(), listing.ids()));
        assertThat(imported).isEqualTo(expected);
    }

    @Test
    void theTypeNamesItsListingIdsAndBatchSize() {
        assertThat(connector.pushesStock()).isTrue();
        assertThat(connector.importsListings()).isTrue();
        assertThat(connector.listingIdNames()).containsExactly("productId", "variationId");
        assertThat(connector.maxStockBatch()).isBetween(1, 100);
    }

    private static Listing listing(String sku, Map<String, String> ids) {
        return new Listing(CONNECTOR, sku, ids);
    }

    private static ConnectorSettings settings(String consumerSecret) {
        return new ConnectorSettings("woocommerce", TestHubSettings.WOO_SECRET, null, Duration.ofMinutes(5), Map.of(
                "api-base-url", Simulators.woocommerce().baseUrl(),
                "consumer-key", WooCommerceSimulator.CONSUMER_KEY,
                "consumer-secret", consumerSecret));
    }
}
