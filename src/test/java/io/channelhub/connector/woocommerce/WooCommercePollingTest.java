package io.channelhub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.TransientMarketplaceException;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.TestHubSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconciliation against the WooCommerce simulator: real HTTP, WooCommerce's own paging and date filter. */
class WooCommercePollingTest {

    /** One second past a minute: the modified_after bound is then a whole minute, which must keep its ":00". */
    private static final Instant SINCE = Instant.parse("2026-03-10T09:15:01Z");
    private static final String CONNECTOR = "woo";

    private final WooCommerceSimulator woo = Simulators.woocommerce();
    private final ObjectMapper json = new ObjectMapper();
    private final WooCommerceConnector connector =
            new WooCommerceConnector(new WooCommerceOrderNormaliser(json), new WooCommerceApi(new MarketplaceHttp(), json));
    private final ConnectorSettings settings = settings(WooCommerceSimulator.CONSUMER_SECRET);

    @BeforeEach
    void emptyShop() {
        woo.clearOrders();
        woo.heal();
    }

    @AfterEach
    void healShop() {
        woo.heal();
    }

    @Test
    void everyOrderChangedSinceTheWatermarkIsListedOverSeveralPagesAndNoOlderOne() {
        List<SimulatedOrder> changed = changedOrders(230);
        // at the watermark's very second; and ten minutes after it, which a bound sent with "Z" would miss because
        // WordPress moves such a bound into the shop's time zone (UTC+1)
        changed.add(order(2001, "PAID", SINCE, SINCE));
        changed.add(order(2002, "PAID", SINCE.minus(Duration.ofDays(1)), SINCE.plus(Duration.ofMinutes(10))));
        changed.forEach(woo::upsertOrder);
        // changed before the watermark: a second before, half an hour before (listed if the filter compared the
        // shop's local time), days before
        List.of(order(3001, "PAID", SINCE.minus(Duration.ofDays(3)), SINCE.minusSeconds(1)),
                order(3002, "FULFILLED", SINCE.minus(Duration.ofDays(3)), SINCE.minus(Duration.ofMinutes(30))),
                order(3003, "CANCELLED", SINCE.minus(Duration.ofDays(9)), SINCE.minus(Duration.ofDays(3))))
                .forEach(woo::upsertOrder);
        int requestsBefore = woo.listRequests();

        List<PolledPage> pages = pollAll(SINCE);

        assertThat(polledIds(pages)).containsExactlyInAnyOrderElementsOf(shopIds(changed));
        assertThat(pages).extracting(page -> page.orders().size()).containsExactly(100, 100, 32);
        assertThat(woo.listRequests() - requestsBefore).isEqualTo(3);
    }

    @Test
    void rateLimitsAreWaitedOutAndEveryOrderIsStillListed() {
        List<SimulatedOrder> changed = changedOrders(120);
        changed.forEach(woo::upsertOrder);
        int requestsBefore = woo.listRequests();
        woo.rateLimitNextListRequests(2);

        List<PolledPage> pages = pollAll(SINCE);

        assertThat(polledIds(pages)).containsExactlyInAnyOrderElementsOf(shopIds(changed));
        assertThat(woo.listRequests() - requestsBefore).as("two pages, two of them asked twice").isEqualTo(4);
    }

    @Test
    void aFailingPageFailsThePollAndTheNextRunGetsEverything() {
        List<SimulatedOrder> changed = changedOrders(150);
        changed.forEach(woo::upsertOrder);
        woo.failListPage(1);

        PolledPage first = connector.pollOrders(CONNECTOR, settings, SINCE, null);
        assertThat(first.orders()).hasSize(100);
        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, settings, SINCE, first.nextCursor()))
                .isInstanceOf(TransientMarketplaceException.class);

        woo.heal();
        assertThat(polledIds(pollAll(SINCE))).containsExactlyInAnyOrderElementsOf(shopIds(changed));
    }

    @Test
    void eachPolledOrderNormalisesToTheShopsOrder() {
        List<SimulatedOrder> shop = List.of(
                order(501, "OPEN", SINCE.minus(Duration.ofHours(2)), SINCE.plusSeconds(5)),
                order(502, "PAID", SINCE.minus(Duration.ofHours(3)), SINCE.plusSeconds(6)),
                order(503, "FULFILLED", SINCE.minus(Duration.ofDays(2)), SINCE.plusSeconds(7)),
                order(504, "CANCELLED", SINCE.minus(Duration.ofDays(4)), SINCE.plusSeconds(8)));
        shop.forEach(woo::upsertOrder);

        List<PolledOrder> polled = pollAll(SINCE).stream().flatMap(page -> page.orders().stream()).toList();

        assertThat(polled).hasSize(shop.size());
        for (PolledOrder order : polled) {
            SimulatedOrder truth = woo.orders().stream().filter(o -> o.orderId().equals(order.orderId())).findFirst().orElseThrow();
            CanonicalOrder canonical = normalise(order);
            assertThat(canonical.externalId()).isEqualTo(truth.orderId());
            assertThat(canonical.status().name()).isEqualTo(truth.status());
            assertThat(canonical.updatedAt()).isEqualTo(truth.updatedAt());
            assertThat(canonical.createdAt()).isEqualTo(truth.createdAt());
            assertThat(canonical.lines()).extracting(OrderLine::sku, OrderLine::quantity)
                    .containsExactlyElementsOf(truth.lines().stream()
                            .map(line -> tuple(line.sku(), line.quantity())).toList());
        }
    }

    @Test
    void anOrderChangedDuringARunDoesNotPushAnotherOffThePagesAlreadyRead() {
        List<SimulatedOrder> changed = changedOrders(150);
        changed.forEach(woo::upsertOrder);

        PolledPage first = connector.pollOrders(CONNECTOR, settings, SINCE, null);
        // the shop changes the first order listed while the run is between pages
        SimulatedOrder firstListed = changed.stream().filter(o -> o.orderId().equals(first.orders().get(0).orderId()))
                .findFirst().orElseThrow();
        woo.upsertOrder(firstListed.changed("FULFILLED", SINCE.plus(Duration.ofHours(5))));
        PolledPage second = connector.pollOrders(CONNECTOR, settings, SINCE, first.nextCursor());

        assertThat(second.last()).isTrue();
        assertThat(polledIds(List.of(first, second))).containsAll(shopIds(changed));
    }

    @Test
    void aWebhookAndAPollOfTheSameStateGiveTheSameOrder() {
        SimulatedOrder order = order(777, "PAID", SINCE.minus(Duration.ofHours(1)), SINCE.plusSeconds(30));
        woo.upsertOrder(order);
        byte[] body = woo.webhookBody("777");
        WebhookRequest webhook = new WebhookRequest(CONNECTOR, woo.webhookHeaders(body, "order.updated", TestHubSettings.WOO_SECRET), body);

        assertThat(connector.verify(webhook, settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        assertThat(connector.envelope(webhook).resourceId()).isEqualTo("777");
        PolledOrder polled = pollAll(SINCE).get(0).orders().get(0);
        CanonicalOrder fromWebhook = connector.normalise(new InboundEvent(CONNECTOR, "e", "order.updated", Instant.now(), Map.of(), body));
        assertThat(normalise(polled)).isEqualTo(fromWebhook);
    }

    @Test
    void wrongCredentialsFailThePollWithoutShowingTheSecret() {
        woo.upsertOrder(order(901, "PAID", SINCE, SINCE.plusSeconds(1)));

        assertThatThrownBy(() -> connector.pollOrders(CONNECTOR, settings("cs_wrong-secret-0000"), SINCE, null))
                .isInstanceOf(TransientMarketplaceException.class)
                .hasMessageContaining("401")
                .message().doesNotContain("cs_wrong-secret-0000");
    }

    @Test
    void aShopWithNothingChangedHasOneEmptyLastPage() {
        woo.upsertOrder(order(902, "PAID", SINCE.minus(Duration.ofDays(1)), SINCE.minus(Duration.ofHours(1))));

        PolledPage page = connector.pollOrders(CONNECTOR, settings, SINCE, null);

        assertThat(page.orders()).isEmpty();
        assertThat(page.last()).isTrue();
    }

    private List<PolledPage> pollAll(Instant since) {
        List<PolledPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            PolledPage page = connector.pollOrders(CONNECTOR, settings, since, cursor);
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("a run ends").hasSizeLessThan(20);
        } while (cursor != null);
        return pages;
    }

    private CanonicalOrder normalise(PolledOrder polled) {
        return connector.normalise(new InboundEvent(CONNECTOR, "reconcile:" + polled.orderId(), polled.eventType(), Instant.now(),
                Map.of(), polled.body()));
    }

    /** Orders placed one after another and changed after the watermark, in another order than they were placed. */
    private static List<SimulatedOrder> changedOrders(int count) {
        String[] statuses = {"OPEN", "PAID", "FULFILLED", "CANCELLED"};
        List<SimulatedOrder> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = SINCE.minus(Duration.ofDays(20)).plus(Duration.ofMinutes(i));
            Instant modified = SINCE.plusSeconds(1 + (i * 37L) % count);
            orders.add(order(1001 + i, statuses[i % statuses.length], created, modified));
        }
        return orders;
    }

    private static SimulatedOrder order(long id, String status, Instant created, Instant modified) {
        return new SimulatedOrder(String.valueOf(id), status, List.of(
                new SimulatedOrder.Line("SKU-" + id + "-A", 1 + (int) (id % 3), new BigDecimal("19.95")),
                new SimulatedOrder.Line("SKU-" + id + "-B", 2, new BigDecimal("7.475"))), created, modified);
    }

    private static Set<String> polledIds(List<PolledPage> pages) {
        List<String> ids = pages.stream().flatMap(page -> page.orders().stream()).map(PolledOrder::orderId).toList();
        assertThat(ids).as("no order twice within a run here").doesNotHaveDuplicates();
        return Set.copyOf(ids);
    }

    private static Set<String> shopIds(Collection<SimulatedOrder> orders) {
        return orders.stream().map(SimulatedOrder::orderId).collect(Collectors.toSet());
    }

    private static ConnectorSettings settings(String consumerSecret) {
        return new ConnectorSettings("woocommerce", TestHubSettings.WOO_SECRET, null, Duration.ofMinutes(5), Map.of(
                "api-base-url", Simulators.woocommerce().baseUrl(),
                "consumer-key", WooCommerceSimulator.CONSUMER_KEY,
                "consumer-secret", consumerSecret));
    }
}
