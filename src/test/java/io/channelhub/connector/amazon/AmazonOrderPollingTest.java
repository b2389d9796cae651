package io.channelhub.connector.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.simulator.AmazonSimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against the simulated Orders API: getOrders pages followed by NextToken, rate limits waited out or
 * kept to, outages surfaced as transient, and every polled body read by the normaliser as the order Amazon holds.
 */
class AmazonOrderPollingTest {

    private static final String CONNECTOR = "amazon-poll";
    private static final Instant SINCE = Instant.parse("2026-11-20T10:00:00Z");

    private final AmazonSimulator amazon = Simulators.amazon();
    private final ObjectMapper json = new ObjectMapper();
    private final AmazonConnector connector = new AmazonConnector(json,
            new AmazonOrdersApi(new SellingPartnerClient(new MarketplaceHttp(), new AccessTokens(Clock.systemUTC()),
                    new AmazonRateLimits(), json), json),
            new AmazonOrderNormaliser(json), null);
    private final ConnectorSettings settings = settings(AmazonSimulator.MARKETPLACE_ID);

    @BeforeEach
    void freshMarketplace() {
        amazon.heal();
        amazon.getOrdersRateLimit(1000, AmazonSimulator.GET_ORDERS_BURST);
        amazon.listPageSize(2);
        amazon.clearOrders();
    }

    @AfterEach
    void asAmazonIs() {
        amazon.heal();
        amazon.listPageSize(AmazonSimulator.MAX_RESULTS_PER_PAGE);
        amazon.getOrdersRateLimit(AmazonSimulator.GET_ORDERS_RATE, AmazonSimulator.GET_ORDERS_BURST);
        amazon.clearOrders();
    }

    @Test
    void everyOrderChangedSinceIsListedAcrossPagesAndNoOlderOneOrOtherMarketplace() {
        List<SimulatedOrder> changed = List.of(
                order("203-0000001-0000001", "PAID", SINCE),
                order("203-0000001-0000002", "OPEN", SINCE.plusSeconds(60)),
                order("203-0000001-0000003", "FULFILLED", SINCE.plusSeconds(120)),
                order("203-0000001-0000004", "CANCELLED", SINCE.plusSeconds(180)),
                order("203-0000001-0000005", "PAID", SINCE.plusSeconds(240)));
        changed.forEach(amazon::upsertOrder);
        amazon.upsertOrder(order("203-0000001-0000006", "PAID", SINCE.minusSeconds(1)));
        amazon.upsertOrder(order("203-0000001-0000007", "FULFILLED", SINCE.minusSeconds(3600)));
        amazon.putOrder("304-0000001-0000008", """
                {"AmazonOrderId":"304-0000001-0000008","PurchaseDate":"2026-11-20T10:00:00Z",\
                "LastUpdateDate":"2026-11-20T10:30:00Z","OrderStatus":"Unshipped","MarketplaceId":"A1PA6795UKMFR9"}""",
                "[]");
        int requestsBefore = amazon.listRequests();

        List<PolledPage> pages = pollAll();

        assertThat(ids(pages)).containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(pages).as("five orders, two a page").hasSize(3);
        assertThat(pages).allSatisfy(page -> assertThat(page.orders()).hasSizeLessThanOrEqualTo(2));
        assertThat(amazon.listRequests() - requestsBefore).isEqualTo(3);
    }

    @Test
    void throttledListRequestsAreWaitedOutAndEveryOrderStillArrives() {
        List<SimulatedOrder> changed = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> order("203-0000002-000000" + i, "PAID", SINCE.plusSeconds(i))).toList();
        changed.forEach(amazon::upsertOrder);
        int throttledBefore = amazon.throttledListRequests();
        amazon.rateLimitNextListRequests(2);

        List<PolledPage> pages = pollAll();

        assertThat(ids(pages)).containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(amazon.throttledListRequests() - throttledBefore).isEqualTo(2);
    }

    @Test
    void pagesAreSpacedToTheRateAmazonAnnouncesOnceTheBurstIsSpent() {
        // page size 1: 24 getOrders calls against a bucket of 20 refilling one a second; sent as fast as the
        // simulator answers (some 100 ms a page here), the last few would find it empty
        amazon.listPageSize(1);
        amazon.getOrdersRateLimit(1, AmazonSimulator.GET_ORDERS_BURST);
        List<SimulatedOrder> changed = IntStream.rangeClosed(10, 33)
                .mapToObj(i -> order("203-0000003-00000" + i, "PAID", SINCE.plusSeconds(i))).toList();
        changed.forEach(amazon::upsertOrder);
        int throttledBefore = amazon.throttledListRequests();

        List<PolledPage> pages = pollAll();

        assertThat(ids(pages)).hasSize(24)
                .containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(amazon.throttledListRequests() - throttledBefore).as("requests Amazon throttled").isZero();
    }

    @Test
    void aFailingPageFailsThePollTransientlyAndItsCursorWorksAfterwards() {
        IntStream.rangeClosed(1, 3).forEach(i -> amazon.upsertOrder(order("203-0000004-000000" + i, "PAID", SINCE.plusSeconds(i))));
        amazon.failListPage(1);

        PolledPage first = connector.pollOrders(CONNECTOR, settings, SINCE, null);
        assertThat(first.nextCursor()).isNotNull();
        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, settings, SINCE, first.nextCursor()))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("500");

        amazon.heal();
        PolledPage second = connector.pollOrders(CONNECTOR, settings, SINCE, first.nextCursor());
        assertThat(second.orders()).hasSize(1);
        assertThat(second.last()).isTrue();
    }

    @Test
    void eachPolledBodyNormalisesToTheOrderAmazonHolds() {
        List<SimulatedOrder> changed = List.of(
                new SimulatedOrder("203-0000005-0000001", "OPEN", List.of(line("MUG-BLUE", 2, "12.99")),
                        SINCE.minusSeconds(600), SINCE.plusSeconds(5)),
                new SimulatedOrder("203-0000005-0000002", "PAID",
                        List.of(line("MUG-BLUE", 1, "12.99"), line("PEN-RED", 5, "2.50")), SINCE, SINCE.plusSeconds(65)),
                new SimulatedOrder("203-0000005-0000003", "FULFILLED", List.of(line("LAMP-01", 3, "19.95")),
                        SINCE.minusSeconds(86_400), SINCE.plusSeconds(125)),
                new SimulatedOrder("203-0000005-0000004", "CANCELLED", List.of(line("PEN-RED", 1, "2.50")),
                        SINCE.minusSeconds(30), SINCE.plusSeconds(185)));
        changed.forEach(amazon::upsertOrder);

        List<PolledOrder> polled = pollAll().stream().flatMap(page -> page.orders().stream()).toList();

        Map<String, SimulatedOrder> byId = changed.stream().collect(Collectors.toMap(SimulatedOrder::orderId, Function.identity()));
        assertThat(polled).hasSize(changed.size());
        for (PolledOrder order : polled) {
            CanonicalOrder canonical = connector.normalise(new InboundEvent(CONNECTOR, "reconcile:" + order.orderId(),
                    order.eventType(), Instant.now(), Map.of(), order.body()));
            SimulatedOrder truth = byId.get(order.orderId());
            assertThat(canonical.externalId()).isEqualTo(truth.orderId());
            assertThat(canonical.status().name()).as(truth.orderId()).isEqualTo(truth.status());
            assertThat(canonical.updatedAt()).isEqualTo(truth.updatedAt());
            assertThat(canonical.createdAt()).isEqualTo(truth.createdAt());
            assertThat(canonical.lines()).extracting(OrderLine::sku)
                    .containsExactlyElementsOf(truth.lines().stream().map(SimulatedOrder.Line::sku).toList());
            assertThat(canonical.lines()).extracting(OrderLine::quantity)
                    .containsExactlyElementsOf(truth.lines().stream().map(SimulatedOrder.Line::quantity).toList());
            for (int i = 0; i < truth.lines().size(); i++) {
                assertThat(canonical.lines().get(i).price()).isEqualByComparingTo(truth.lines().get(i).price());
            }
        }
    }

    @Test
    void pollingWithoutMarketplaceIdsSaysWhichOptionIsMissing() {
        Map<String, String> options = new HashMap<>(settings.options());
        options.remove("marketplace-ids");
        ConnectorSettings withoutMarketplaces = new ConnectorSettings("amazon", "key", null, Duration.ofMinutes(5), options);

        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, withoutMarketplaces, SINCE, null))
                .hasMessageContaining("options.marketplace-ids");
    }

    /** As the reconciliation run does: the first page with a null cursor, then each next cursor until none. */
    private List<PolledPage> pollAll() {
        List<PolledPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            PolledPage page = connector.pollOrders(CONNECTOR, settings, SINCE, cursor);
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null && pages.size() < 100);
        return pages;
    }

    private static List<String> ids(List<PolledPage> pages) {
        return pages.stream().flatMap(page -> page.orders().stream()).map(PolledOrder::orderId).toList();
    }

    private static SimulatedOrder order(String id, String status, Instant updatedAt) {
        return new SimulatedOrder(id, status, List.of(line("MUG-BLUE", 2, "12.99")), SINCE.minusSeconds(3600 * 24), updatedAt);
    }

    private static SimulatedOrder.Line line(String sku, int quantity, String price) {
        return new SimulatedOrder.Line(sku, quantity, new BigDecimal(price));
    }

    private ConnectorSettings settings(String marketplaceIds) {
        return new ConnectorSettings("amazon", "key", null, Duration.ofMinutes(5), Map.of(
                "api-base-url", amazon.baseUrl(),
                "token-url", amazon.baseUrl() + "/auth/o2/token",
                "client-id", AmazonSimulator.CLIENT_ID,
                "client-secret", AmazonSimulator.CLIENT_SECRET,
                "refresh-token", AmazonSimulator.REFRESH_TOKEN,
                "marketplace-ids", marketplaceIds));
    }
}
