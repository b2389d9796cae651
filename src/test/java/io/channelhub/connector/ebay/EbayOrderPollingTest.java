package io.channelhub.connector.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.SimulatedOrder.Line;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.OrderIds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation reads eBay's getOrders over real HTTP from the simulator: every order modified since the
 * watermark, page by page as eBay pages, through rate limits, and each in the form the normaliser reads.
 */
class EbayOrderPollingTest {

    private static final int PAGE_SIZE = 3;

    private final EbaySimulator ebay = Simulators.ebay();
    private final ObjectMapper json = new ObjectMapper();
    private final MarketplaceHttp http = new MarketplaceHttp();
    private final EbayConnector connector = new EbayConnector(json,
            new EbayApi(http, new ClientCredentials(http, json), new AccessTokens(Clock.systemUTC()), json), null,
            new EbayOrderNormaliser(json));
    // its own id, so that its token is its own and no other test's expiry touches it
    private final String connectorId = "ebay-poll-" + OrderIds.next();
    private final ConnectorSettings settings = new ConnectorSettings("ebay", null, null, Duration.ofMinutes(5), Map.of(
            "api-base-url", ebay.baseUrl(), "client-id", EbaySimulator.CLIENT_ID, "client-secret", EbaySimulator.CLIENT_SECRET,
            "refresh-token", EbaySimulator.REFRESH_TOKEN, "poll-page-size", Integer.toString(PAGE_SIZE)));
    // eBay keeps times to the millisecond, so the versions compared below are whole milliseconds
    private final Instant since = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void emptySimulator() {
        ebay.clearOrders();
        ebay.heal();
    }

    @Test
    void everyOrderModifiedSinceTheWatermarkIsListedAcrossPagesAndOlderOnesAreNot() {
        List<SimulatedOrder> changed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // created in the opposite order to their changes, so page order (oldest created first) is not change order
            changed.add(order("PAID", since.minus(Duration.ofDays(i + 1)), since.plusSeconds(60L * i)));
        }
        changed.add(order("FULFILLED", since.minus(Duration.ofDays(30)), since)); // exactly at the watermark: included
        SimulatedOrder justBefore = order("PAID", since.minus(Duration.ofDays(2)), since.minusMillis(1));
        SimulatedOrder longBefore = order("CANCELLED", since.minus(Duration.ofDays(9)), since.minus(Duration.ofDays(1)));
        changed.forEach(ebay::upsertOrder);
        ebay.upsertOrder(justBefore);
        ebay.upsertOrder(longBefore);
        int requestsBefore = ebay.listRequests();

        List<PolledPage> pages = pollAll();

        assertThat(pages).as("8 orders at 3 a page").hasSize(3);
        assertThat(pages).allSatisfy(page -> assertThat(page.orders()).hasSizeLessThanOrEqualTo(PAGE_SIZE));
        assertThat(pages.get(2).nextCursor()).isNull();
        List<String> polled = pages.stream().flatMap(page -> page.orders().stream()).map(PolledOrder::orderId).toList();
        assertThat(polled).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList())
                .doesNotContain(justBefore.orderId(), longBefore.orderId());
        assertThat(ebay.listRequests() - requestsBefore).as("one getOrders call a page").isEqualTo(3);
    }

    @Test
    void rateLimitedRequestsAreWaitedOutAndEveryOrderStillArrives() {
        List<SimulatedOrder> changed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            changed.add(order("PAID", since.minus(Duration.ofDays(1)), since.plusSeconds(i)));
        }
        changed.forEach(ebay::upsertOrder);
        ebay.rateLimitNextListRequests(3);
        int requestsBefore = ebay.listRequests();

        List<PolledPage> pages = pollAll();

        assertThat(pages.stream().flatMap(page -> page.orders().stream()).map(PolledOrder::orderId).toList())
                .containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(ebay.listRequests() - requestsBefore).as("2 pages plus the 3 answered 429").isEqualTo(5);
    }

    @Test
    void aServerErrorOnAPageFailsThePollTransientlyAndThePageCanBeReadAgain() {
        for (int i = 0; i < 5; i++) {
            ebay.upsertOrder(order("PAID", since.minus(Duration.ofDays(1)), since.plusSeconds(i)));
        }
        ebay.failListPage(1);

        PolledPage first = connector.pollOrders(connectorId, settings, since, null);
        assertThat(first.orders()).hasSize(PAGE_SIZE);
        assertThatThrownBy(() -> connector.pollOrders(connectorId, settings, since, first.nextCursor()))
                .isInstanceOf(TransientMarketplaceException.class).hasMessageContaining("500");

        ebay.heal();
        PolledPage second = connector.pollOrders(connectorId, settings, since, first.nextCursor());
        assertThat(second.orders()).hasSize(2);
        assertThat(second.last()).isTrue();
    }

    @Test
    void anExpiredUserTokenIsRenewedInTheMiddleOfARun() {
        for (int i = 0; i < 4; i++) {
            ebay.upsertOrder(order("PAID", since.minus(Duration.ofDays(1)), since.plusSeconds(i)));
        }
        PolledPage first = connector.pollOrders(connectorId, settings, since, null);
        ebay.expireUserTokens();

        PolledPage second = connector.pollOrders(connectorId, settings, since, first.nextCursor());

        assertThat(first.orders().size() + second.orders().size()).isEqualTo(4);
    }

    @Test
    void eachPolledBodyNormalisesToTheOrderEbayHolds() {
        Instant created = since.minus(Duration.ofDays(3));
        List<SimulatedOrder> held = List.of(
                order("OPEN", created, since.plusMillis(1)),
                order("PAID", created, since.plusMillis(250)),
                order("FULFILLED", created.plusSeconds(1), since.plusSeconds(90)),
                order("CANCELLED", created.plusSeconds(2), since.plusSeconds(3600)));
        held.forEach(ebay::upsertOrder);

        List<PolledOrder> polled = pollAll().stream().flatMap(page -> page.orders().stream()).toList();

        Map<String, SimulatedOrder> byId = held.stream().collect(Collectors.toMap(SimulatedOrder::orderId, Function.identity()));
        assertThat(polled).hasSize(held.size());
        for (PolledOrder order : polled) {
            CanonicalOrder canonical = normalise(order);
            SimulatedOrder expected = byId.get(order.orderId());
            assertThat(canonical.externalId()).isEqualTo(expected.orderId());
            assertThat(canonical.status().name()).as(expected.orderId()).isEqualTo(expected.status());
            assertThat(canonical.updatedAt()).isEqualTo(expected.updatedAt());
            assertThat(canonical.createdAt()).isEqualTo(expected.createdAt());
            assertThat(canonical.lines()).extracting(OrderLine::sku, OrderLine::quantity)
                    .containsExactlyElementsOf(expected.lines().stream()
                            .map(line -> tuple(line.sku(), line.quantity())).toList());
            for (int i = 0; i < expected.lines().size(); i++) {
                assertThat(canonical.lines().get(i).price()).isEqualByComparingTo(expected.lines().get(i).price());
            }
        }
    }

    @Test
    void aPolledBodyIsWhatResolvingTheOrdersNotificationGives() {
        SimulatedOrder held = order("FULFILLED", since.minus(Duration.ofDays(1)), since.plusSeconds(5));
        ebay.upsertOrder(held);
        PolledOrder polled = pollAll().get(0).orders().get(0);
        byte[] notification = ("{\"metadata\":{\"topic\":\"ORDER_CHANGE\"},\"notification\":{\"notificationId\":\"n-1\","
                + "\"data\":{\"orderId\":\"" + held.orderId() + "\"}}}").getBytes(StandardCharsets.UTF_8);

        InboundEvent resolved = connector.resolve(new InboundEvent(connectorId, "n-1", "ORDER_CHANGE", Instant.now(),
                Map.of(), notification), settings);

        CanonicalOrder fromWebhook = connector.normalise(resolved);
        CanonicalOrder fromPoll = normalise(polled);
        assertThat(fromPoll).isEqualTo(fromWebhook);
    }

    @Test
    void theFilterIsEbaysOpenRangeInUtcMillisecondsWithItsBracketsEncoded() {
        assertThat(EbayApi.lastModifiedSince(Instant.parse("2026-11-20T10:06:00.123456789Z")))
                .isEqualTo("lastmodifieddate:%5B2026-11-20T10:06:00.123Z..%5D");
    }

    @Test
    void aPageSizeEbayWouldRefuseIsRefusedAtStartUp() {
        ConnectorSettings tooLarge = new ConnectorSettings("ebay", null, null, Duration.ofMinutes(5),
                Map.of("poll-page-size", "500"));
        assertThatThrownBy(() -> connector.validate("ebay", tooLarge)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("poll-page-size");
    }

    private List<PolledPage> pollAll() {
        List<PolledPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            PolledPage page = connector.pollOrders(connectorId, settings, since, cursor);
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("paging ends").hasSizeLessThan(50);
        } while (cursor != null);
        return pages;
    }

    private CanonicalOrder normalise(PolledOrder polled) {
        return connector.normalise(new InboundEvent(connectorId, "reconcile:" + polled.orderId(), polled.eventType(),
                Instant.now(), Map.of(), polled.body()));
    }

    private static SimulatedOrder order(String status, Instant created, Instant updated) {
        long n = OrderIds.next();
        String orderId = "27-" + (n / 100000 % 100000) + "-" + (n % 100000);
        return new SimulatedOrder(orderId, status, List.of(new Line("LAMP-OAK", 2, new BigDecimal("15.75")),
                new Line("SHADE-" + n % 7, 1, new BigDecimal("9.99"))), created, updated);
    }
}
