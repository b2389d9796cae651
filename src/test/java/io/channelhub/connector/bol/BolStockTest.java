package io.channelhub.connector.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.FetchedPublicKeys;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockPushResult.Outcome;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.simulator.BolSimulator;
import io.channelhub.simulator.Simulators;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock sync against the Bol simulator: real HTTP, tokens, media types, asynchronous writes and their faults. */
class BolStockTest {

    private static final String CONNECTOR = "bol-stock-test";

    private final BolSimulator bol = Simulators.bol();
    private final ObjectMapper json = new ObjectMapper();
    private final MarketplaceHttp http = new MarketplaceHttp();
    private final Clock clock = Clock.systemUTC();
    private final BolApi api = new BolApi(http, new ClientCredentials(http, json), new AccessTokens(clock), json);
    private final BolProcessTracker tracker = new BolProcessTracker(api);
    private final FetchedPublicKeys keys = new FetchedPublicKeys(clock);
    private final BolConnector connector = new BolConnector(json, api, keys, new BolOrderNormaliser(json),
            new BolOrderPoller(json, api, clock), new BolStockWriter(api, tracker), new BolOfferExport(api, tracker));
    private ConnectorSettings settings = settings(Map.of());

    @BeforeEach
    void empty() {
        bol.heal();
        bol.clearListings();
    }

    @AfterEach
    void heal() {
        bol.heal();
        bol.clearListings();
        keys.close();
    }

    @Test
    void pushesSetTheQuantitiesBolAdvertisesOnceItsQueueHasWorkedThemOff() {
        Listing mug = listing("MUG-1", 3);
        Listing cap = listing("CAP-1", 0);
        int writesBefore = bol.stockWrites();

        List<StockPushResult> first = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 12)));
        List<StockPushResult> second = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(cap, 4)));

        assertThat(first).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(second).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(12);
        assertThat(bol.advertisedQuantity(cap.ids())).isEqualTo(4);
        assertThat(bol.stockWrites() - writesBefore).isEqualTo(2);
        assertThat(bol.managedByRetailer(mug.ids().get("offerId")))
                .as("the hub's quantity already has open orders reserved: Bol must not subtract them again").isTrue();
    }

    @Test
    void anOfferBolDoesNotKnowIsRefusedWithItsMessageAndTheOthersAreStillApplied() {
        Listing mug = listing("MUG-2", 1);
        Listing gone = new Listing(CONNECTOR, "GONE-1", Map.of("offerId", "0b5b4b0c-0000-4000-8000-000000000000"));
        Listing cap = listing("CAP-2", 1);

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(
                new StockUpdate(mug, 5), new StockUpdate(gone, 5), new StockUpdate(cap, 6)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(results.get(1).detail()).contains("FAILURE").contains("No offer with id 0b5b4b0c-0000-4000-8000-000000000000");
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(5);
        assertThat(bol.advertisedQuantity(cap.ids())).isEqualTo(6);
    }

    @Test
    void aListingWithoutAnOfferIdIsRefusedWithoutAsking() {
        int writesBefore = bol.stockWrites();
        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings,
                List.of(new StockUpdate(new Listing(CONNECTOR, "NO-ID", Map.of()), 2)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.REFUSED);
        assertThat(results.get(0).detail()).contains("offerId");
        assertThat(bol.stockWrites()).isEqualTo(writesBefore);
    }

    @Test
    void whenBolFailsEveryRequestThePushFailsAsTransientAndNothingChanges() {
        Listing mug = listing("MUG-3", 2);
        connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 3))); // holds a token from here on
        bol.faults().serverErrors(1.0);

        assertThatThrownBy(() -> connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 9))))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("503");

        bol.heal();
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(3);
    }

    @Test
    void rateLimitedWritesAreWaitedOutForTheirRetryAfter() {
        Listing mug = listing("MUG-4", 2);
        connector.listedQuantity(CONNECTOR, settings, mug); // the token, so that the 429s fall on the write
        bol.rateLimitNext(2);
        long start = System.nanoTime();

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 8)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(8);
    }

    @Test
    void aWriteStillPendingAfterOurPatienceIsRetriedAndBolCarriesItOutLater() {
        Listing mug = listing("MUG-5", 2);
        bol.stallProcessing();

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 7)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.RETRY);
        assertThat(results.get(0).detail()).contains("PENDING");
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(2);
        bol.heal();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> bol.advertisedQuantity(mug.ids()) == 7);
    }

    @Test
    void aQuantityAboveWhatBolTakesIsAdvertisedAsBolsMaximum() {
        Listing mug = listing("MUG-6", 2);

        List<StockPushResult> results = connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 5000)));

        assertThat(results).extracting(StockPushResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(999);
    }

    @Test
    void theListedQuantityIsWhatBolSellsTheAmountLessTheOrdersPlacedSinceTheUpdate() {
        Listing mug = listing("MUG-7", 2);
        String offerId = mug.ids().get("offerId");
        bol.placeOrder(offerId, 1); // open before the push: the hub's quantity already accounts for it

        connector.pushStock(CONNECTOR, settings, List.of(new StockUpdate(mug, 7)));
        assertThat(connector.listedQuantity(CONNECTOR, settings, mug)).isEqualTo(OptionalInt.of(7));

        bol.placeOrder(offerId, 2);
        assertThat(connector.listedQuantity(CONNECTOR, settings, mug)).isEqualTo(OptionalInt.of(5));
        assertThat(bol.advertisedQuantity(mug.ids())).isEqualTo(5);
        assertThat(bol.stockAmount(offerId)).isEqualTo(7);
    }

    @Test
    void listingsAreImportedFromTheAsynchronousOfferExportWithTheirOfferIds() {
        Map<String, String> expected = Map.of(
                "MUG-8", listing("MUG-8", 1).ids().get("offerId"),
                "CAP-8", listing("CAP-8", 0).ids().get("offerId"),
                "ODD,\"8\"", listing("ODD,\"8\"", 4).ids().get("offerId"));

        List<Listing> imported = connector.importListings(CONNECTOR, settings);

        assertThat(imported).allSatisfy(listing -> assertThat(listing.connectorId()).isEqualTo(CONNECTOR));
        assertThat(imported.stream().collect(Collectors.toMap(Listing::sku, listing -> listing.ids().get("offerId"))))
                .isEqualTo(expected);
        assertThat(connector.listingIdNames()).containsExactly("offerId");
    }

    @Test
    void anExportStillBeingPreparedAfterOurPatienceFailsAsTransient() {
        listing("MUG-9", 1);
        bol.stallProcessing();

        assertThatThrownBy(() -> connector.importListings(CONNECTOR, settings))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("still being prepared");
    }

    private Listing listing(String sku, int quantity) {
        return new Listing(CONNECTOR, sku, bol.createListing(sku, quantity));
    }

    private ConnectorSettings settings(Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "api-base-url", bol.baseUrl(), "token-url", bol.baseUrl() + "/token",
                "client-id", BolSimulator.CLIENT_ID, "client-secret", BolSimulator.CLIENT_SECRET,
                "stock-status-checks", "5", "stock-status-wait", "100ms",
                "export-status-checks", "5", "export-status-wait", "100ms"));
        options.putAll(extra);
        return new ConnectorSettings("bol", null, null, Duration.ofMinutes(5), options);
    }
}
