package io.channelhub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceApiVersions;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.Simulators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock sync against the Shopify simulator: real HTTP to inventory_levels/set.json, inventory_levels.json, products.json. */
class ShopifyStockTest {

    private static final String CONNECTOR = "shopify-stock";
    private static final String PRIMARY = String.valueOf(ShopifySimulator.PRIMARY_LOCATION_ID);
    private static final String WAREHOUSE = String.valueOf(ShopifySimulator.WAREHOUSE_LOCATION_ID);

    private final ShopifySimulator shop = Simulators.shopify();
    private final ObjectMapper json = new ObjectMapper();
    private final ShopifyAdminApi admin =
            new ShopifyAdminApi(new MarketplaceHttp(), json, new MarketplaceApiVersions(new SimpleMeterRegistry()));
    private final ShopifyConnector connector = new ShopifyConnector(new ShopifySignatureVerifier(),
            new ShopifyOrderNormaliser(json), admin, new ShopifyInventoryApi(admin, json));
    private final ConnectorSettings settings = settings(Map.of("location-id", PRIMARY));

    @BeforeEach
    void emptyShop() {
        shop.heal();
        shop.clearListings();
    }

    @AfterEach
    void healShop() {
        shop.heal();
    }

    @Test
    void pushingSetsTheAvailableQuantityTheShopAdvertisesOneCallPerItem() {
        Map<String, String> tee = shop.createListing("TEE-M", 5);
        Map<String, String> mug = shop.createListing("MUG", 5);
        Map<String, String> cap = shop.createListing("CAP", 5);
        int writesBefore = shop.stockWrites();

        List<StockPushResult> results = push(settings, List.of(update("TEE-M", tee, 7), update("MUG", mug, 0),
                update("CAP", cap, 12)));

        assertThat(results).extracting(r -> r.update().listing().sku(), StockPushResult::outcome, StockPushResult::detail)
                .containsExactly(tuple("TEE-M", Outcome.APPLIED, null), tuple("MUG", Outcome.APPLIED, null),
                        tuple("CAP", Outcome.APPLIED, null));
        assertThat(List.of(shop.advertisedQuantity(tee), shop.advertisedQuantity(mug), shop.advertisedQuantity(cap)))
                .containsExactly(7, 0, 12);
        assertThat(shop.stockWrites() - writesBefore).isEqualTo(3);
        assertThat(connector.maxStockBatch()).isEqualTo(1);
        assertThat(connector.listingIdNames()).containsExactly("inventoryItemId", "locationId");
    }

    @Test
    void itemsTheShopRefusesAreRefusedWithShopifysMessageAndTheOthersStillApplied() {
        Map<String, String> tee = shop.createListing("TEE-M", 5);
        Map<String, String> untracked = shop.createListing("GIFT-CARD", 5);
        shop.untrackInventory(untracked.get("inventoryItemId"));
        Map<String, String> cap = shop.createListing("CAP", 5);
        Map<String, String> deleted = Map.of("inventoryItemId", "999999999", "locationId", PRIMARY);
        Map<String, String> closedLocation = Map.of("inventoryItemId", cap.get("inventoryItemId"), "locationId", "1234");

        List<StockPushResult> results = push(settings, List.of(update("TEE-M", tee, 3), update("GONE", deleted, 3),
                update("GIFT-CARD", untracked, 3), update("CAP", closedLocation, 3), update("CAP", cap, 4)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED, Outcome.REFUSED,
                Outcome.REFUSED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(1).detail()).contains("404").contains("Not Found");
        assertThat(results.get(2).detail()).contains("422").contains("Inventory item does not have inventory tracking enabled");
        assertThat(results.get(3).detail()).contains("404");
        assertThat(shop.advertisedQuantity(tee)).isEqualTo(3);
        assertThat(shop.advertisedQuantity(untracked)).isEqualTo(5);
        assertThat(shop.advertisedQuantity(cap)).isEqualTo(4);
    }

    @Test
    void aListingWithoutLocationIsSetAtTheConnectorsLocationAndAnUnstockedLocationIsConnected() {
        Map<String, String> tee = shop.createListing("TEE-M", 5);
        Listing noLocation = new Listing(CONNECTOR, "TEE-M", Map.of("inventoryItemId", tee.get("inventoryItemId")));
        Map<String, String> atWarehouse = Map.of("inventoryItemId", tee.get("inventoryItemId"), "locationId", WAREHOUSE);
        assertThat(shop.advertisedQuantity(atWarehouse)).isNull();

        List<StockPushResult> results = push(settings, List.of(new StockUpdate(noLocation, 8), update("TEE-M", atWarehouse, 2)));
        List<StockPushResult> withoutOption = push(settings(Map.of()), List.of(new StockUpdate(noLocation, 1)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED, Outcome.APPLIED);
        assertThat(shop.advertisedQuantity(tee)).isEqualTo(8);
        assertThat(shop.advertisedQuantity(atWarehouse)).isEqualTo(2);
        assertThat(withoutOption).extracting(StockPushResult::outcome).containsExactly(Outcome.REFUSED);
        assertThat(withoutOption.get(0).detail()).contains("locationId").contains("location-id");
    }

    @Test
    void serverErrorsOnEveryRequestFailTheWholeCallForLaterRetries() {
        Map<String, String> tee = shop.createListing("TEE-M", 5);
        shop.faults().serverErrors(1.0);

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings, List.of(update("TEE-M", tee, 9))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("503");
        assertThatThrownBy(() -> connector.listedQuantity(CONNECTOR, settings, listing("TEE-M", tee)))
                .isInstanceOf(TransientMarketplaceException.class);
        assertThatThrownBy(() -> connector.importListings(CONNECTOR, settings))
                .isInstanceOf(TransientMarketplaceException.class);
        assertThat(shop.advertisedQuantity(tee)).isEqualTo(5);
    }

    @Test
    void aRefusedAccessTokenFailsTheWholeCallInsteadOfRefusingTheItem() {
        Map<String, String> tee = shop.createListing("TEE-M", 5);
        Map<String, String> options = new HashMap<>(settings.options());
        options.put("access-token", "shpat_revoked");

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings(options), List.of(update("TEE-M", tee, 9))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("401");
        assertThat(shop.advertisedQuantity(tee)).isEqualTo(5);
    }

    @Test
    void rateLimitsAreWaitedOut() {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            updates.add(update("SKU-" + i, shop.createListing("SKU-" + i, 1), 10 + i));
        }
        int limitedBefore = shop.faults().injectedRateLimits();
        shop.faults().rateLimits(0.5);

        List<StockPushResult> results = push(settings, updates);

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.APPLIED).hasSize(8);
        assertThat(shop.faults().injectedRateLimits() - limitedBefore).isPositive();
        assertThat(updates).allSatisfy(u -> assertThat(shop.advertisedQuantity(u.listing().ids())).isEqualTo(u.quantity()));
    }

    @Test
    void listedQuantityReadsBackWhatTheShopShows() {
        Map<String, String> tee = shop.createListing("TEE-M", 9);
        Map<String, String> untracked = shop.createListing("GIFT-CARD", 3);
        shop.untrackInventory(untracked.get("inventoryItemId"));

        assertThat(connector.listedQuantity(CONNECTOR, settings, listing("TEE-M", tee))).hasValue(9);
        push(settings, List.of(update("TEE-M", tee, 4)));
        assertThat(connector.listedQuantity(CONNECTOR, settings, listing("TEE-M", tee))).hasValue(4);
        assertThat(connector.listedQuantity(CONNECTOR, settings,
                listing("TEE-M", Map.of("inventoryItemId", tee.get("inventoryItemId"), "locationId", WAREHOUSE))))
                .isEqualTo(OptionalInt.empty());
        assertThat(connector.listedQuantity(CONNECTOR, settings,
                listing("GONE", Map.of("inventoryItemId", "999999999", "locationId", PRIMARY)))).isEmpty();
        assertThat(connector.listedQuantity(CONNECTOR, settings, listing("GIFT-CARD", untracked))).isEmpty();
    }

    @Test
    void importListingsReturnsEveryVariantWithASkuOverSeveralPages() {
        List<Map<String, String>> shirt = shop.createProduct(List.of("TEE-S", "TEE-M", ""), 1);
        Map<String, String> mug = shop.createListing("MUG", 1);
        Map<String, String> cap = shop.createListing("CAP", 1);
        Map<String, String> options = new HashMap<>(settings.options());
        options.put("page-size", "2");
        options.put("location-id", WAREHOUSE);

        List<Listing> imported = connector.importListings(CONNECTOR, settings(options));

        assertThat(imported).containsExactlyInAnyOrder(
                new Listing(CONNECTOR, "TEE-S", Map.of("inventoryItemId", shirt.get(0).get("inventoryItemId"), "locationId", WAREHOUSE)),
                new Listing(CONNECTOR, "TEE-M", Map.of("inventoryItemId", shirt.get(1).get("inventoryItemId"), "locationId", WAREHOUSE)),
                new Listing(CONNECTOR, "MUG", Map.of("inventoryItemId", mug.get("inventoryItemId"), "locationId", WAREHOUSE)),
                new Listing(CONNECTOR, "CAP", Map.of("inventoryItemId", cap.get("inventoryItemId"), "locationId", WAREHOUSE)));
        assertThat(connector.importsListings()).isTrue();
        assertThatThrownBy(() -> connector.importListings(CONNECTOR, settings(Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("location-id");
    }

    /** As the push engine calls it: at most maxStockBatch updates a call. */
    private List<StockPushResult> push(ConnectorSettings connectorSettings, List<StockUpdate> updates) {
        List<StockPushResult> results = new ArrayList<>();
        for (int from = 0; from < updates.size(); from += connector.maxStockBatch()) {
            List<StockUpdate> batch = updates.subList(from, Math.min(updates.size(), from + connector.maxStockBatch()));
            List<StockPushResult> answered = connector.pushStock(CONNECTOR, connectorSettings, batch);
            assertThat(answered).extracting(StockPushResult::update).containsExactlyElementsOf(batch);
            results.addAll(answered);
        }
        return results;
    }

    private static StockUpdate update(String sku, Map<String, String> ids, int quantity) {
        return new StockUpdate(listing(sku, ids), quantity);
    }

    private static Listing listing(String sku, Map<String, String> ids) {
        return new Listing(CONNECTOR, sku, ids);
    }

    private ConnectorSettings settings(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("api-base-url", shop.baseUrl(),
                "access-token", ShopifySimulator.ACCESS_TOKEN, "api-version", "2026-07"));
        options.putAll(extra);
        return new ConnectorSettings("shopify", null, null, Duration.ofMinutes(5), options);
    }
}
