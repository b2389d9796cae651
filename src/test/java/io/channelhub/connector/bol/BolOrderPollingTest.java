package io.channelhub.connector.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.AccessTokens;
import io.channelhub.connector.ClientCredentials;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.FetchedPublicKeys;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.simulator.BolSimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconciliation against the Bol simulator's order list: real HTTP, tokens, media type, paging and faults. */
class BolOrderPollingTest {

    private static final String CONNECTOR = "bol-poll-test";

    private final BolSimulator bol = Simulators.bol();
    private final ObjectMapper json = new ObjectMapper();
    private final MarketplaceHttp http = new MarketplaceHttp();
    private final Clock clock = Clock.systemUTC();
    private final BolApi api = new BolApi(http, new ClientCredentials(http, json), new AccessTokens(clock), json);
    private final FetchedPublicKeys keys = new FetchedPublicKeys(clock);
    private final BolConnector connector = new BolConnector(json, api, keys, new BolOrderNormaliser(json),
            new BolOrderPoller(json, api, clock), new BolStockWriter(api, new BolProcessTracker(api)),
            new BolOfferExport(api, new BolProcessTracker(api)));
    private final ConnectorSettings settings = new ConnectorSettings("bol", null, null, Duration.ofMinutes(5), Map.of(
            "api-base-url", bol.baseUrl(), "token-url", bol.baseUrl() + "/token",
            "client-id", BolSimulator.CLIENT_ID, "client-secret", BolSimulator.CLIENT_SECRET));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void emptyStore() {
        bol.heal();
        bol.clearOrders();
    }

    @AfterEach
    void healAndClose() {
        bol.heal();
        bol.clearOrders();
        keys.close();
    }

    @Test
    void aShortWindowIsOneMinutesQueryPagedFiftyAtATimeWithoutWhatChangedBeforeIt() {
        Instant since = now.minus(Duration.ofMinutes(30));
        List<SimulatedOrder> changed = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            changed.add(order("S" + i, "PAID", since.plusSeconds(10 + i * 10)));
        }
        changed.forEach(bol::upsertOrder);
        // inside the margin the interval reaches back by, so Bol lists them: the connector must drop them
        bol.upsertOrder(order("JUST-BEFORE-1", "PAID", since.minus(Duration.ofMinutes(5))));
        bol.upsertOrder(order("JUST-BEFORE-2", "FULFILLED", since.minusSeconds(1)));
        // well outside the interval
        bol.upsertOrder(order("LONG-BEFORE", "PAID", since.minus(Duration.ofMinutes(20))));
        int requestsBefore = bol.listRequests();

        List<PolledPage> pages = pollAll(since);

        assertThat(ids(pages)).containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(pages).as("101 listed orders are three pages of 50").hasSize(3);
        assertThat(pages.get(0).nextCursor()).as("30 minutes and the margins, rounded up").matches("minutes=4[12]&page=2");
        assertThat(bol.listRequests() - requestsBefore).isEqualTo(3);
    }

    @Test
    void aLongWindowIsOneQueryPerDayEachPaged() {
        Instant since = now.minus(Duration.ofHours(40));
        List<SimulatedOrder> changed = new ArrayList<>();
        // 60 changed at once (two pages of that day), the rest spread over the other days of the window
        for (int i = 0; i < 60; i++) {
            changed.add(order("BUSY" + i, "PAID", since.plus(Duration.ofHours(12))));
        }
        for (int i = 0; i < 10; i++) {
            changed.add(order("D" + i, i % 2 == 0 ? "FULFILLED" : "CANCELLED", since.plus(Duration.ofHours(4 * i)).plusSeconds(5)));
        }
        changed.forEach(bol::upsertOrder);
        bol.upsertOrder(order("EARLIER-SAME-DAY", "PAID", since.minusSeconds(30)));
        bol.upsertOrder(order("DAYS-BEFORE", "PAID", since.minus(Duration.ofDays(3))));

        List<PolledPage> pages = pollAll(since);

        assertThat(ids(pages)).containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        LocalDate firstDay = since.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = now.atZone(ZoneId.of("Europe/Amsterdam")).toLocalDate();
        assertThat(pages.get(0).nextCursor()).startsWith("day=").contains("&last-day=" + today);
        assertThat(pages.stream().map(PolledPage::nextCursor).filter(c -> c != null && c.endsWith("&page=2")))
                .as("the busy day needs a second page").hasSize(1);
        assertThat(pages).as("one page per day from %s to %s, plus the busy day's second", firstDay, today)
                .hasSize((int) ChronoUnit.DAYS.between(firstDay, today) + 2);
    }

    @Test
    void rateLimitedListRequestsAreWaitedOutAndEveryOrderStillArrives() {
        Instant since = now.minus(Duration.ofMinutes(10));
        List<SimulatedOrder> changed = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            changed.add(order("R" + i, "PAID", since.plusSeconds(i)));
        }
        changed.forEach(bol::upsertOrder);
        int requestsBefore = bol.listRequests();
        bol.rateLimitNextListRequests(2);

        List<PolledPage> pages = pollAll(since);

        assertThat(ids(pages)).containsExactlyInAnyOrderElementsOf(changed.stream().map(SimulatedOrder::orderId).toList());
        assertThat(bol.listRequests() - requestsBefore).as("two pages, two of them asked again after a 429").isEqualTo(4);
    }

    @Test
    void aFailingPageFailsThePollAsTransient() {
        Instant since = now.minus(Duration.ofMinutes(10));
        for (int i = 0; i < 51; i++) {
            bol.upsertOrder(order("F" + i, "PAID", since.plusSeconds(i)));
        }
        bol.failListPage(1);

        PolledPage first = connector.pollOrders(CONNECTOR, settings, since, null);

        assertThat(first.orders()).hasSize(50);
        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, settings, since, first.nextCursor()))
                .isInstanceOf(TransientMarketplaceException.class);
    }

    @Test
    void aRunThatOutlivesItsMinutesQueryFailsRatherThanMissWhatChangedFirst() {
        Instant since = now.minus(Duration.ofMinutes(30));
        bol.upsertOrder(order("EARLY", "PAID", since.plusSeconds(5)));
        int requestsBefore = bol.listRequests();

        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, settings, since, "minutes=25&page=2"))
                .isInstanceOf(TransientMarketplaceException.class);
        assertThat(bol.listRequests()).as("nothing asked that could not be answered right").isEqualTo(requestsBefore);
    }

    @Test
    void eachPolledBodyNormalisesToTheOrderAsBolHoldsIt() {
        Instant since = now.minus(Duration.ofMinutes(45));
        List<SimulatedOrder> held = List.of(
                order("N-OPEN", "OPEN", now.minus(Duration.ofMinutes(40))),
                order("N-PAID", "PAID", now.minus(Duration.ofMinutes(30))),
                order("N-FULFILLED", "FULFILLED", now.minus(Duration.ofMinutes(20))),
                new SimulatedOrder("N-CANCELLED", "CANCELLED", List.of(
                        new SimulatedOrder.Line("MUG-BLUE", 1, new BigDecimal("7.50")),
                        new SimulatedOrder.Line("MUG-RED", 4, new BigDecimal("7.25"))),
                        now.minus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(10))));
        held.forEach(bol::upsertOrder);

        Map<String, PolledOrder> polled = pollAll(since).stream().flatMap(page -> page.orders().stream())
                .collect(Collectors.toMap(PolledOrder::orderId, Function.identity()));

        assertThat(polled).containsOnlyKeys("N-OPEN", "N-PAID", "N-FULFILLED", "N-CANCELLED");
        for (SimulatedOrder expected : held) {
            PolledOrder order = polled.get(expected.orderId());
            CanonicalOrder canonical = connector.normalise(new InboundEvent(CONNECTOR, "reconcile:" + expected.orderId(),
                    order.eventType(), Instant.now(), Map.of(), order.body()));
            assertThat(canonical.externalId()).isEqualTo(expected.orderId());
            // Bol has no unpaid state: an order is paid when placed
            assertThat(canonical.status().name()).as(expected.orderId())
                    .isEqualTo("OPEN".equals(expected.status()) ? "PAID" : expected.status());
            assertThat(canonical.lines()).extracting(line -> line.sku() + " x" + line.quantity())
                    .containsExactlyElementsOf(expected.lines().stream().map(line -> line.sku() + " x" + line.quantity()).toList());
            assertThat(canonical.updatedAt()).isEqualTo(expected.updatedAt());
            assertThat(canonical.createdAt()).isEqualTo(expected.createdAt());
        }
    }

    @Test
    void aResolvedPushIsVersionedByTheOrdersOwnLastChangeNotByThePushTime() {
        Instant changed = now.minus(Duration.ofMinutes(3));
        bol.upsertOrder(order("PUSHED", "FULFILLED", changed));
        byte[] push = ("{\"retailerId\":\"1\",\"timestamp\":\"" + now + "\",\"event\":{\"resource\":\"ORDER\","
                + "\"type\":\"UPDATED\",\"resourceId\":\"PUSHED\"}}").getBytes(StandardCharsets.UTF_8);
        InboundEvent received = new InboundEvent(CONNECTOR, "e-1", "ORDER:UPDATED", now, Map.of(), push);

        CanonicalOrder fromPush = connector.normalise(connector.resolve(received, settings));
        PolledOrder polled = connector.pollOrders(CONNECTOR, settings, changed, null).orders().get(0);
        CanonicalOrder fromPoll = connector.normalise(new InboundEvent(CONNECTOR, "reconcile:PUSHED", polled.eventType(),
                now, Map.of(), polled.body()));

        assertThat(fromPush.updatedAt()).isEqualTo(changed).isEqualTo(fromPoll.updatedAt());
        assertThat(fromPush.status()).isEqualTo(fromPoll.status());
    }

    private List<PolledPage> pollAll(Instant since) {
        List<PolledPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            PolledPage page = connector.pollOrders(CONNECTOR, settings, since, cursor);
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null && pages.size() < 50);
        assertThat(cursor).as("the run ends").isNull();
        return pages;
    }

    private static List<String> ids(List<PolledPage> pages) {
        return pages.stream().flatMap(page -> page.orders().stream()).map(PolledOrder::orderId).toList();
    }

    private SimulatedOrder order(String orderId, String status, Instant updatedAt) {
        return new SimulatedOrder(orderId, status, List.of(new SimulatedOrder.Line("BOOK-" + orderId, 2, new BigDecimal("12.95"))),
                updatedAt.minus(Duration.ofHours(1)), updatedAt);
    }
}
