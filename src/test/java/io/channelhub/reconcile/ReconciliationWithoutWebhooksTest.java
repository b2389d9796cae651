package io.channelhub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.OrderSourceSimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every connector type whose marketplace lists orders: with no webhook at all, one reconciliation brings the
 * order store to the marketplace's truth, and a second one changes nothing.
 */
class ReconciliationWithoutWebhooksTest extends HubIntegrationTest {

    static Stream<Arguments> marketplaces() {
        return Stream.of(
                Arguments.of("shopify", (Supplier<OrderSourceSimulator>) Simulators::shopify),
                Arguments.of("woo", (Supplier<OrderSourceSimulator>) Simulators::woocommerce),
                Arguments.of("amazon", (Supplier<OrderSourceSimulator>) Simulators::amazon),
                Arguments.of("ebay", (Supplier<OrderSourceSimulator>) Simulators::ebay),
                Arguments.of("bol", (Supplier<OrderSourceSimulator>) Simulators::bol));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("marketplaces")
    void oneRunConvergesTheStoreToTheMarketplaceAndASecondChangesNothing(String connectorId,
            Supplier<OrderSourceSimulator> simulatorOf) {
        OrderSourceSimulator marketplace = simulatorOf.get();
        marketplace.clearOrders();
        marketplace.heal();
        Instant start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        List<String> statuses = List.of("PAID", "FULFILLED", "CANCELLED");
        List<SimulatedOrder> placed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Instant created = start.plusSeconds(i * 7L);
            SimulatedOrder order = new SimulatedOrder(Long.toString(OrderIds.next()), "PAID",
                    List.of(new SimulatedOrder.Line("SKU-" + connectorId + "-" + i, 1 + i % 4, new BigDecimal("19.99"))),
                    created, created);
            marketplace.upsertOrder(order);
            // a later change replaces the first state: only the latest must arrive
            marketplace.upsertOrder(order.changed(statuses.get(i % 3), created.plusSeconds(300)));
            placed.add(order);
        }

        OpsAnswer run = hub.opsPost("/ops/connectors/" + connectorId + "/reconcile?since=" + start.minusSeconds(60));

        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        assertThat(run.body().path("ordersFound").asInt()).isEqualTo(12);
        assertThat(run.body().path("drift").asInt()).isEqualTo(12);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (SimulatedOrder truth : marketplace.orders()) {
                OpsAnswer stored = hub.ops("/ops/orders/" + connectorId + "/" + truth.orderId());
                assertThat(stored.status()).as("order " + truth.orderId()).isEqualTo(200);
                assertThat(stored.body().path("status").asText()).isEqualTo(truth.status());
                assertThat(Instant.parse(stored.body().path("updatedAt").asText())).isEqualTo(truth.updatedAt());
                assertThat(quantities(stored.body())).isEqualTo(truth.lines().stream().mapToInt(SimulatedOrder.Line::quantity).sum());
            }
        });

        OpsAnswer again = hub.opsPost("/ops/connectors/" + connectorId + "/reconcile?since=" + start.minusSeconds(60));

        assertThat(again.body().path("ordersFound").asInt()).isEqualTo(12);
        assertThat(again.body().path("drift").asInt()).as("a second run finds nothing new").isZero();
    }

    private static int quantities(JsonNode order) {
        int sum = 0;
        for (JsonNode line : order.path("lines")) {
            sum += line.path("quantity").asInt();
        }
        return sum;
    }
}
