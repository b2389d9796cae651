package io.channelhub.connector.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.OrderIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stock sync against eBay's Inventory API over real HTTP from the simulator: quantities set with
 * bulkUpdatePriceQuantity and read back per item, eBay's per-item answers mapped to applied, retry or refused,
 * whole-call failures, rate limits and token renewal, and the seller's published offers imported as listings.
 */
class EbayStockTest {

    private final EbaySimulator ebay = Simulators.ebay();
    private final ObjectMapper json = new ObjectMapper();
    private final MarketplaceHttp http = new MarketplaceHttp();
    private final EbayConnector connector = new EbayConnector(json,
            new EbayApi(http, new ClientCredentials(http, json), new AccessTokens(Clock.systemUTC()), json), null,
            new EbayOrderNormaliser(json));
    // its own id, so that its tokens are its own
    private final String connectorId = "ebay-stock-" + OrderIds.next();
    private final ConnectorSettings settings = new ConnectorSettings("ebay", null, null, Duration.ofMinutes(5), Map.of(
            "api-base-url", ebay.baseUrl(), "client-id", EbaySimulator.CLIENT_ID, "client-secret", EbaySimulator.CLIENT_SECRET,
            "refresh-token", EbaySimulator.REFRESH_TOKEN));
    private final String prefix = "EB-" + OrderIds.next() + "-";

    @BeforeEach
    @AfterEach
    void heal() {
        ebay.heal();
    }

    @Test
    void declaresTheInventoryApisLimits() {
        assertThat(connector.pushesStock()).isTrue();
        assertThat(connector.maxStockBatch()).isEqualTo(25);
        assertThat(connector.listingIdNames()).containsExactly("offerId", "sku");
        assertThat(connector.importsListings()).isTrue();
    }

    @Test
    void aBatchSetsTheQuantityEveryListingShowsInOneCall() {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            updates.add(new StockUpdate(listing(prefix + i, 5), i % 2 == 0 ? i : 0));
        }
        int writesBefore = ebay.stockWrites();

        List<StockPushResult> results = connector.pushStock(connectorId, settings, updates);

        assertThat(results).extracting(StockPushResult::update, StockPushResult::outcome)
                .containsExactlyElementsOf(updates.stream().map(u -> tuple(u, Outcome.APPLIED)).toList());
        assertThat(ebay.stockWrites() - writesBefore).as("25 updates, one bulk call").isEqualTo(1);
        for (StockUpdate update : updates) {
            assertThat(ebay.advertisedQuantity(update.listing().ids())).isEqualTo(update.quantity());
            // both levels are set: eBay lists the smaller of the item's total and the offer's quantity
            assertThat(ebay.shipToQuantity(update.listing().sku())).isEqualTo(update.quantity());
            assertThat(ebay.offerQuantity(update.listing().requiredId("offerId"))).isEqualTo(update.quantity());
        }
    }

    @Test
    void anOfferEbayDoesNotKnowIsRefusedWithItsMessageAndTheRestOfTheBatchIsApplied() {
        Listing first = listing(prefix + "A", 3);
        Listing known = listing(prefix + "B", 3);
        Listing unknown = new Listing(connectorId, prefix + "B", Map.of("offerId", "1"));
        Listing last = listing(prefix + "C", 3);

        List<StockPushResult> results = connector.pushStock(connectorId, settings, List.of(
                new StockUpdate(first, 8), new StockUpdate(unknown, 4), new StockUpdate(known, 6), new StockUpdate(last, 2)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED);
        assertThat(results.get(1).detail()).contains("404").contains("25713").contains("This Offer is not available : 1");
        assertThat(ebay.advertisedQuantity(first.ids())).isEqualTo(8);
        assertThat(ebay.advertisedQuantity(known.ids())).as("its SKU's other offer in the same batch").isEqualTo(6);
        assertThat(ebay.advertisedQuantity(last.ids())).isEqualTo(2);
    }

    @Test
    void eBaysOwnSkuIsUsedWhenTheListingNamesOneAndOursWhenItDoesNot() {
        Map<String, String> differentSku = ebay.createOffer(prefix + "EBAY-SIDE", 1, true);
        Listing named = new Listing(connectorId, prefix + "OURS", differentSku);
        Map<String, String> sameSku = ebay.createListing(prefix + "SAME", 1);
        Listing defaulted = new Listing(connectorId, prefix + "SAME", Map.of("offerId", sameSku.get("offerId")));
        Map<String, String> otherSku = ebay.createOffer(prefix + "OTHER", 1, true);
        Listing wrong = new Listing(connectorId, prefix + "MINE", Map.of("offerId", otherSku.get("offerId")));

        List<StockPushResult> results = connector.pushStock(connectorId, settings, List.of(
                new StockUpdate(named, 11), new StockUpdate(defaulted, 12), new StockUpdate(wrong, 13)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.REFUSED);
        assertThat(ebay.advertisedQuantity(differentSku)).isEqualTo(11);
        assertThat(ebay.advertisedQuantity(sameSku)).isEqualTo(12);
        assertThat(results.get(2).detail()).contains("SKU " + prefix + "MINE is not available");
        assertThat(ebay.advertisedQuantity(otherSku)).isEqualTo(1);
    }

    @Test
    void aListingWithoutAnOfferIdIsRefusedWithoutAskingEbay() {
        Listing good = listing(prefix + "OK", 1);
        Listing noOffer = new Listing(connectorId, prefix + "NONE", Map.of());

        List<StockPushResult> results = connector.pushStock(connectorId, settings,
                List.of(new StockUpdate(noOffer, 3), new StockUpdate(good, 4)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(0).detail()).contains("has no offerId");
        assertThat(ebay.advertisedQuantity(good.ids())).isEqualTo(4);
    }

    @Test
    void aServerErrorForOneItemIsRetriedLaterAndTheOthersAreApplied() {
        Listing failing = listing(prefix + "F", 5);
        Listing fine = listing(prefix + "G", 5);
        ebay.failStockUpdatesOf(failing.requiredId("offerId"));

        List<StockPushResult> results = connector.pushStock(connectorId, settings,
                List.of(new StockUpdate(failing, 1), new StockUpdate(fine, 2)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.RETRY, Outcome.APPLIED);
        assertThat(results.get(0).detail()).contains("500").contains("system error");
        assertThat(ebay.offerQuantity(failing.requiredId("offerId"))).isEqualTo(5);
        assertThat(ebay.advertisedQuantity(fine.ids())).isEqualTo(2);
    }

    @Test
    void aCallEbayRefusesAsAWholeIsSplitSoOnlyTheBadUpdateIsRefused() {
        Listing before = listing(prefix + "P", 1);
        Listing poisoned = listing(prefix + "Q", 1);
        Listing after = listing(prefix + "R", 1);
        ebay.refuseBulkCallsWith(poisoned.requiredId("offerId"));
        int writesBefore = ebay.stockWrites();

        List<StockPushResult> results = connector.pushStock(connectorId, settings, List.of(
                new StockUpdate(before, 6), new StockUpdate(poisoned, 7), new StockUpdate(after, 8)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(1).detail()).contains("400").contains("Invalid value for offerId");
        assertThat(ebay.advertisedQuantity(before.ids())).isEqualTo(6);
        assertThat(ebay.advertisedQuantity(poisoned.ids())).isEqualTo(1);
        assertThat(ebay.advertisedQuantity(after.ids())).isEqualTo(8);
        assertThat(ebay.stockWrites() - writesBefore).as("the two good ones, each alone").isEqualTo(2);
    }

    @Test
    void serverErrorsOnEveryRequestFailTheWholeCallTransiently() {
        Listing one = listing(prefix + "S", 4);
        Listing two = listing(prefix + "T", 4);
        // a first push, so the token is at hand and the failure below is the bulk call's own
        connector.pushStock(connectorId, settings, List.of(new StockUpdate(one, 4)));
        ebay.faults().serverErrors(1.0);

        assertThatThrownBy(() -> connector.pushStock(connectorId, settings,
                List.of(new StockUpdate(one, 9), new StockUpdate(two, 9))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("bulkUpdatePriceQuantity")
                .hasMessageContaining("503");
        ebay.heal();
        assertThat(ebay.advertisedQuantity(one.ids())).isEqualTo(4);
        assertThat(ebay.advertisedQuantity(two.ids())).isEqualTo(4);
    }

    @Test
    void rateLimitedCallsAreWaitedOut() {
        Listing listing = listing(prefix + "L", 2);
        connector.pushStock(connectorId, settings, List.of(new StockUpdate(listing, 2)));
        ebay.rateLimitNextInventoryRequests(2);
        int requestsBefore = ebay.inventoryRequests();

        List<StockPushResult> results = connector.pushStock(connectorId, settings, List.of(new StockUpdate(listing, 10)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(ebay.advertisedQuantity(listing.ids())).isEqualTo(10);
        assertThat(ebay.inventoryRequests() - requestsBefore).as("two answered 429, then the call").isEqualTo(3);
    }

    @Test
    void aRevokedTokenIsRenewedOnce() {
        Listing listing = listing(prefix + "V", 2);
        connector.pushStock(connectorId, settings, List.of(new StockUpdate(listing, 3)));
        ebay.expireUserTokens();

        List<StockPushResult> results = connector.pushStock(connectorId, settings, List.of(new StockUpdate(listing, 5)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(ebay.advertisedQuantity(listing.ids())).isEqualTo(5);
    }

    @Test
    void theListedQuantityIsWhatTheListingShows() {
        Listing listing = listing(prefix + "Q1", 9);
        assertThat(connector.listedQuantity(connectorId, settings, listing)).isEqualTo(OptionalInt.of(9));

        ebay.setOfferQuantity(listing.requiredId("offerId"), 4);
        assertThat(connector.listedQuantity(connectorId, settings, listing)).isEqualTo(OptionalInt.of(4));

        // eBay shows the smaller of the offer's quantity and its item's total
        ebay.setOfferQuantity(listing.requiredId("offerId"), 50);
        assertThat(connector.listedQuantity(connectorId, settings, listing)).isEqualTo(OptionalInt.of(9));

        connector.pushStock(connectorId, settings, List.of(new StockUpdate(listing, 2)));
        assertThat(connector.listedQuantity(connectorId, settings, listing)).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void noQuantityIsListedForAnUnknownOrUnpublishedOffer() {
        Map<String, String> unpublished = ebay.createOffer(prefix + "U", 3, false);

        assertThat(connector.listedQuantity(connectorId, settings, new Listing(connectorId, prefix + "U", unpublished))).isEmpty();
        assertThat(connector.listedQuantity(connectorId, settings,
                new Listing(connectorId, prefix + "X", Map.of("offerId", "2")))).isEmpty();
    }

    @Test
    void importListsEveryPublishedOfferAcrossPagesWithItsIds() {
        ebay.clearListings();
        Map<String, Map<String, String>> expected = new HashMap<>();
        // more inventory items than one getInventoryItems page holds
        for (int i = 0; i < EbayInventory.ITEMS_PAGE_SIZE + 5; i++) {
            String sku = prefix + "I" + i;
            expected.put(sku, ebay.createListing(sku, i));
        }
        Map<String, String> secondOffer = ebay.createOffer(prefix + "I0", 1, true);
        ebay.createOffer(prefix + "DRAFT", 1, false);
        ebay.createInventoryItem(prefix + "NO-OFFER", 5);

        List<Listing> imported = connector.importListings(connectorId, settings);

        List<Listing> wanted = new ArrayList<>(expected.entrySet().stream()
                .map(e -> new Listing(connectorId, e.getKey(), e.getValue())).toList());
        wanted.add(new Listing(connectorId, prefix + "I0", secondOffer));
        assertThat(imported).containsExactlyInAnyOrderElementsOf(wanted);
    }

    /** A published offer of {@code sku} (eBay's SKU ours) and the hub's listing of it. */
    private Listing listing(String sku, int quantity) {
        return new Listing(connectorId, sku, ebay.createListing(sku, quantity));
    }
}
