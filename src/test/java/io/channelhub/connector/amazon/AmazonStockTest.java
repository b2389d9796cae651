package io.channelhub.connector.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stock against the simulated Listings Items API: quantities set with patchListingsItem and read back with
 * getListingsItem, unknown and refused listings, outages, rate limits, and the seller's listings imported page by page.
 */
class AmazonStockTest {

    private static final String CONNECTOR = "amazon-stock";

    private final AmazonSimulator amazon = Simulators.amazon();
    private final ObjectMapper json = new ObjectMapper();
    private final AmazonConnector connector = connector();
    private final ConnectorSettings settings = settings(AmazonSimulator.SELLER_ID);

    @BeforeEach
    void freshMarketplace() {
        amazon.heal();
        amazon.clearListings();
    }

    @AfterEach
    void asAmazonIs() {
        amazon.heal();
        amazon.stockProcessingDelay(Duration.ZERO);
        amazon.searchableListings(AmazonSimulator.SEARCHABLE_LISTINGS);
        amazon.listingsRateLimit(AmazonSimulator.LISTINGS_RATE, AmazonSimulator.PATCH_LISTINGS_BURST,
                AmazonSimulator.GET_LISTING_BURST, AmazonSimulator.SEARCH_LISTINGS_BURST);
        amazon.clearListings();
    }

    @Test
    void pushedQuantitiesAreWhatAmazonAdvertises() {
        Map<String, String> mug = amazon.createListing("MUG-1", 3);
        Map<String, String> cup = amazon.createListing("CUP-1", 0);
        amazon.createListing("AMZ-TEE-1", 12);
        int writesBefore = amazon.stockWrites();

        List<StockUpdate> updates = List.of(
                new StockUpdate(listing("MUG-1", mug), 7),
                new StockUpdate(listing("CUP-1", Map.of()), 5),
                // the seller SKU on Amazon is not ours
                new StockUpdate(listing("TEE-1", Map.of("sellerSku", "AMZ-TEE-1")), 0));
        List<StockPushResult> results = updates.stream()
                .flatMap(update -> connector.pushStock(CONNECTOR, settings, List.of(update)).stream()).toList();

        assertThat(results).extracting(StockPushResult::outcome).containsOnly(Outcome.APPLIED);
        assertThat(results).extracting(StockPushResult::update).containsExactlyElementsOf(updates);
        assertThat(amazon.advertisedQuantity(mug)).isEqualTo(7);
        assertThat(amazon.advertisedQuantity(cup)).isEqualTo(5);
        assertThat(amazon.advertisedQuantity(Map.of("sellerSku", "AMZ-TEE-1"))).isZero();
        assertThat(amazon.advertisedQuantity(Map.of("sellerSku", "TEE-1"))).as("no listing under our SKU").isNull();
        assertThat(amazon.stockWrites() - writesBefore).isEqualTo(3);
        assertThat(connector.maxStockBatch()).isEqualTo(1);
    }

    @Test
    void aListingAmazonDoesNotKnowIsRefusedWithoutStartingAnOfferAndTheOthersAreApplied() {
        Map<String, String> mug = amazon.createListing("MUG-2", 1);
        Map<String, String> cup = amazon.createListing("CUP-2", 1);

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(
                new StockUpdate(listing("MUG-2", mug), 4),
                new StockUpdate(listing("GONE-2", Map.of()), 9),
                new StockUpdate(listing("CUP-2", cup), 6)));

        assertThat(results).extracting(StockPushResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(1).detail()).contains("GONE-2").contains("404").contains("not found");
        // a patch alone would have been ACCEPTED and started an offer of the SKU
        assertThat(amazon.advertisedQuantity(Map.of("sellerSku", "GONE-2"))).isNull();
        assertThat(amazon.advertisedQuantity(mug)).isEqualTo(4);
        assertThat(amazon.advertisedQuantity(cup)).isEqualTo(6);
    }

    @Test
    void anInvalidSubmissionIsRefusedWithAmazonsIssues() {
        Map<String, String> mug = amazon.createListing("MUG-3", 2);
        amazon.refuseStockOf("MUG-3", "The listing is suppressed: approval is required for this category.");

        StockPushResult result = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(listing("MUG-3", mug), 8)))
                .get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.detail()).contains("MUG-3").contains("approval is required for this category");
        assertThat(amazon.advertisedQuantity(mug)).isEqualTo(2);
    }

    @Test
    void anOutageFailsTheWholeCallAsTransient() {
        Map<String, String> mug = amazon.createListing("MUG-4", 2);
        amazon.faults().serverErrors(1.0);

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(listing("MUG-4", mug), 8))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("503");
        amazon.heal();
        assertThat(amazon.advertisedQuantity(mug)).isEqualTo(2);
    }

    @Test
    void throttledRequestsAreWaitedOut() {
        Map<String, String> mug = amazon.createListing("MUG-5", 2);
        int throttledBefore = amazon.throttledListingsRequests();
        amazon.rateLimitNextListingsRequests(2);

        StockPushResult result = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(listing("MUG-5", mug), 11)))
                .get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(amazon.advertisedQuantity(mug)).isEqualTo(11);
        assertThat(amazon.throttledListingsRequests() - throttledBefore).isEqualTo(2);
    }

    @Test
    void pushesAreSpacedToAmazonsBucketsSoItThrottlesNone() {
        // patchListingsItem's documented plan, 5 a second with a burst of 5: sent as fast as the simulator answers,
        // most of 12 patches after the first five would find the bucket empty
        List<StockUpdate> updates = IntStream.rangeClosed(1, 12).mapToObj(i -> {
            Map<String, String> ids = amazon.createListing("BURST-" + i, 0);
            return new StockUpdate(listing("BURST-" + i, ids), i);
        }).toList();
        int throttledBefore = amazon.throttledListingsRequests();

        updates.forEach(update -> assertThat(connector.pushStock(CONNECTOR, settings, List.of(update)))
                .extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED));

        // unpaced, about seven of the twelve are throttled; paced, none - but on a loaded machine two requests held up
        // in transit can still arrive together, so a stray one or two are tolerated
        assertThat(amazon.throttledListingsRequests() - throttledBefore).as("requests Amazon throttled").isLessThanOrEqualTo(2);
        updates.forEach(update -> assertThat(amazon.advertisedQuantity(update.listing().ids())).isEqualTo(update.quantity()));
    }

    @Test
    void theListedQuantityIsWhatAmazonShowsOnceItHasProcessedTheSubmission() {
        Map<String, String> mug = amazon.createListing("MUG-6", 9);
        Listing listing = listing("MUG-6", mug);
        assertThat(connector.listedQuantity(CONNECTOR, settings, listing)).hasValue(9);

        amazon.stockProcessingDelay(Duration.ofMillis(300));
        assertThat(connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(listing, 4))))
                .extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(connector.listedQuantity(CONNECTOR, settings, listing)).as("still processing").hasValue(9);
        sleep(Duration.ofMillis(400));

        assertThat(connector.listedQuantity(CONNECTOR, settings, listing)).hasValue(4);
        assertThat(connector.listedQuantity(CONNECTOR, settings, listing("GONE-6", Map.of()))).isEqualTo(OptionalInt.empty());
    }

    @Test
    void importFindsEveryListingBeyondWhatOneSearchCanPageThrough() {
        // Amazon pages through 1,000 results of a search; here 7, so 30 listings take several searches
        amazon.searchableListings(7);
        List<String> skus = IntStream.rangeClosed(1, 30).mapToObj(i -> "IMP-" + i + (i % 5 == 0 ? " / #" + i : "")).toList();
        skus.forEach(sku -> amazon.createListing(sku, 1));

        List<Listing> imported = connector.importListings(CONNECTOR, settings);

        assertThat(imported).extracting(Listing::sku).containsExactlyInAnyOrderElementsOf(skus);
        assertThat(imported).allSatisfy(listing -> {
            assertThat(listing.connectorId()).isEqualTo(CONNECTOR);
            assertThat(listing.ids()).isEqualTo(Map.of("sellerSku", listing.sku()));
            assertThat(amazon.advertisedQuantity(listing.ids())).isEqualTo(1);
        });
        assertThat(connector.importsListings()).isTrue();
    }

    @Test
    void importOfASellerWithoutListingsIsEmpty() {
        assertThat(connector.importListings(CONNECTOR, settings)).isEmpty();
    }

    @Test
    void aRevokedTokenIsRenewedOnce() {
        Map<String, String> mug = amazon.createListing("MUG-7", 1);
        connector.listedQuantity(CONNECTOR, settings, listing("MUG-7", mug));
        int issuedBefore = amazon.tokensIssued();
        amazon.expireTokens();

        assertThat(connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(listing("MUG-7", mug), 3))))
                .extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(amazon.tokensIssued() - issuedBefore).isEqualTo(1);
    }

    @Test
    void aSellerIdIsCheckedWhenGiven() {
        connector.validate(CONNECTOR, settings);
        connector.validate(CONNECTOR, new ConnectorSettings("amazon", "s", null, Duration.ofMinutes(5), Map.of()));
        assertThatThrownBy(() -> connector.validate(CONNECTOR, settings("A2SIM SELLER/1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("seller-id");
        Map<String, String> withoutMarketplaces = new HashMap<>(settings.options());
        withoutMarketplaces.remove("marketplace-ids");
        assertThatThrownBy(() -> connector.validate(CONNECTOR,
                new ConnectorSettings("amazon", "s", null, Duration.ofMinutes(5), withoutMarketplaces)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("marketplace-ids");
    }

    @Test
    void anotherSellersIdIsNotAuthorised() {
        Map<String, String> mug = amazon.createListing("MUG-8", 1);
        assertThatThrownBy(() -> connector()
                .pushStock(CONNECTOR + "-other", settings("A9OTHERSELLER9"), List.of(new StockUpdate(listing("MUG-8", mug), 2))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("403");
    }

    private AmazonConnector connector() {
        SellingPartnerClient client = new SellingPartnerClient(new MarketplaceHttp(), new AccessTokens(Clock.systemUTC()),
                new AmazonRateLimits(), json);
        return new AmazonConnector(json, new AmazonOrdersApi(client, json), new AmazonOrderNormaliser(json),
                new AmazonListingsApi(client, json));
    }

    private ConnectorSettings settings(String sellerId) {
        return new ConnectorSettings("amazon", "s", null, Duration.ofMinutes(5), Map.of(
                "api-base-url", amazon.baseUrl(),
                "token-url", amazon.baseUrl() + "/auth/o2/token",
                "client-id", AmazonSimulator.CLIENT_ID,
                "client-secret", AmazonSimulator.CLIENT_SECRET,
                "refresh-token", AmazonSimulator.REFRESH_TOKEN,
                "marketplace-ids", AmazonSimulator.MARKETPLACE_ID,
                "seller-id", sellerId));
    }

    private static Listing listing(String sku, Map<String, String> ids) {
        return new Listing(CONNECTOR, sku, ids);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
