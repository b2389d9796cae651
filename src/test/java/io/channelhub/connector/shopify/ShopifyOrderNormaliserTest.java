package io.channelhub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.order.OrderStatus;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifyOrderNormaliserTest {

    private final ShopifyOrderNormaliser normaliser = new ShopifyOrderNormaliser(new ObjectMapper());

    @Test
    void mapsAPaidOrderToTheCanonicalOrder() throws IOException {
        CanonicalOrder order = normaliser.normalise(event("orders/paid", fixture("orders-paid.json")));

        assertThat(order.connectorId()).isEqualTo("shop-eu");
        assertThat(order.externalId()).isEqualTo("5829384756102");
        assertThat(order.name()).isEqualTo("#1042");
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.financialStatus()).isEqualTo("PAID");
        assertThat(order.fulfillmentStatus()).isEqualTo("UNFULFILLED");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.totalPrice()).isEqualByComparingTo("74.85");
        assertThat(order.customerEmail()).isEqualTo("marta.kowalska@example.com");
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-20T13:03:11Z"));
        assertThat(order.updatedAt()).isEqualTo(Instant.parse("2026-11-20T13:05:42Z"));
        assertThat(order.lines()).containsExactly(
                new OrderLine("14011203993862", "MUG-CERAMIC-BLU", 2, new BigDecimal("19.95")),
                new OrderLine("14011203993863", "TEE-ÄÖÜ-M", 1, new BigDecimal("30.00")));
    }

    @Test
    void aCancelledOrderIsCancelledWhateverItsPaymentState() throws IOException {
        String cancelled = fixture("orders-paid.json").replace("\"cancelled_at\": null",
                "\"cancelled_at\": \"2026-11-20T15:00:00+01:00\"");
        assertThat(normaliser.normalise(event("orders/cancelled", cancelled)).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aFulfilledOrderIsFulfilled() throws IOException {
        String fulfilled = fixture("orders-paid.json").replace("\"fulfillment_status\": null,\n  \"name\"",
                "\"fulfillment_status\": \"fulfilled\",\n  \"name\"");
        CanonicalOrder order = normaliser.normalise(event("orders/fulfilled", fulfilled));
        assertThat(order.status()).isEqualTo(OrderStatus.FULFILLED);
        assertThat(order.fulfillmentStatus()).isEqualTo("FULFILLED");
    }

    @Test
    void refusesPermanentlyWhatCanNeverBeApplied() throws IOException {
        assertThatThrownBy(() -> normaliser.normalise(event("orders/create", "not json {")))
                .isInstanceOf(PermanentEventException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> normaliser.normalise(event("orders/create", "[1,2]")))
                .isInstanceOf(PermanentEventException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> normaliser.normalise(event("orders/create", "{\"id\": 1}")))
                .isInstanceOf(PermanentEventException.class).hasMessageContaining("updated_at");
        assertThatThrownBy(() -> normaliser.normalise(event("orders/create", "{\"updated_at\": \"2026-01-01T00:00:00Z\"}")))
                .isInstanceOf(PermanentEventException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> normaliser.normalise(event("products/create", fixture("orders-paid.json"))))
                .isInstanceOf(PermanentEventException.class).hasMessageContaining("not handled");
    }

    private static InboundEvent event(String topic, String body) {
        return new InboundEvent("shop-eu", "evt-1", topic, Instant.now(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ShopifyOrderNormaliserTest.class.getResourceAsStream("/fixtures/shopify/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
