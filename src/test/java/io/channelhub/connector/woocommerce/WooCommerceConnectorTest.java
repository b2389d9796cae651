package io.channelhub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
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

class WooCommerceConnectorTest {

    // computed outside Java: openssl dgst -sha256 -hmac woo-secret -binary < order-processing.json | base64
    private static final String FIXTURE_SIGNATURE = "vkGFJwoJgNL/mQEbVn25oIZvM4ZmCUEeJI72/sG4AXw=";

    private final WooCommerceConnector connector = new WooCommerceConnector(new WooCommerceOrderNormaliser(new ObjectMapper()), null);
    private final ConnectorSettings settings = ConnectorSettings.of("woocommerce", "woo-secret", null);

    @Test
    void verifiesTheSignatureOverTheExactBytes() throws IOException {
        byte[] body = fixture();
        assertThat(connector.verify(signed(body, FIXTURE_SIGNATURE, "delivery-1"), settings))
                .isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        body[body.length - 2] = ' ';
        assertThat(connector.verify(signed(body, FIXTURE_SIGNATURE, "delivery-1"), settings)).isEqualTo(SignatureCheck.INVALID);
        assertThat(connector.verify(new WebhookRequest("woo", Map.of(), fixture()), settings)).isEqualTo(SignatureCheck.MISSING);
        assertThat(connector.verify(signed(fixture(), FIXTURE_SIGNATURE, "d"), ConnectorSettings.of("woocommerce", "new", "woo-secret")))
                .isEqualTo(SignatureCheck.VALID_PREVIOUS_SECRET);
    }

    @Test
    void theUnsignedPingIsAnsweredAndNothingElseIs() throws IOException {
        WebhookRequest ping = new WebhookRequest("woo", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "webhook_id=17".getBytes(StandardCharsets.US_ASCII));
        assertThat(connector.directAnswer(ping, settings)).hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(200));

        WebhookRequest notAPing = new WebhookRequest("woo", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "webhook_id=17&status=paid".getBytes(StandardCharsets.US_ASCII));
        assertThat(connector.directAnswer(notAPing, settings)).isEmpty();
        assertThat(connector.directAnswer(signed(fixture(), FIXTURE_SIGNATURE, "d"), settings)).isEmpty();
    }

    @Test
    void reSendsOfTheSameStateHaveTheSameEventIdWhateverTheDeliveryId() throws IOException {
        WebhookEnvelope first = connector.envelope(signed(fixture(), FIXTURE_SIGNATURE, "delivery-1"));
        WebhookEnvelope resend = connector.envelope(signed(fixture(), FIXTURE_SIGNATURE, "delivery-2"));
        assertThat(first.eventId()).startsWith("order:727:2026-11-20T10:04:40:").isEqualTo(resend.eventId());
        byte[] changedWithinTheSameSecond = new String(fixture(), StandardCharsets.UTF_8)
                .replace("\"status\":\"processing\"", "\"status\":\"completed\"").getBytes(StandardCharsets.UTF_8);
        assertThat(connector.envelope(signed(changedWithinTheSameSecond, FIXTURE_SIGNATURE, "delivery-3")).eventId())
                .as("another change within the same second is another event").isNotEqualTo(first.eventId());
        assertThat(first.resourceId()).isEqualTo("727");
        assertThat(first.eventType()).isEqualTo("order.updated");
        assertThat(first.retainedHeaders()).containsKey("x-wc-webhook-delivery-id").doesNotContainKey("x-wc-webhook-signature");
    }

    @Test
    void mapsAProcessingOrderToTheCanonicalOrder() throws IOException {
        CanonicalOrder order = connector.normalise(new InboundEvent("woo", "e", "order.updated", Instant.now(), Map.of(), fixture()));
        assertThat(order.externalId()).isEqualTo("727");
        assertThat(order.name()).isEqualTo("727");
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.financialStatus()).isEqualTo("PAID");
        assertThat(order.fulfillmentStatus()).isEqualTo("UNFULFILLED");
        assertThat(order.totalPrice()).isEqualByComparingTo("44.85");
        assertThat(order.customerEmail()).isEqualTo("juergen.weiss@example.de");
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:02:13Z"));
        assertThat(order.updatedAt()).isEqualTo(Instant.parse("2026-11-20T10:04:40Z"));
        assertThat(order.lines()).containsExactly(new OrderLine("315", "TEAPOT-STONE", 1, new BigDecimal("24.95")),
                new OrderLine("316", "CUP-BLUE", 2, new BigDecimal("7.475")));

        byte[] completed = new String(fixture(), StandardCharsets.UTF_8).replace("\"status\":\"processing\"", "\"status\":\"completed\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(connector.normalise(new InboundEvent("woo", "e", "order.updated", Instant.now(), Map.of(), completed)).status())
                .isEqualTo(OrderStatus.FULFILLED);
        assertThatThrownBy(() -> connector.normalise(new InboundEvent("woo", "e", "product.updated", Instant.now(), Map.of(), fixture())))
                .isInstanceOf(PermanentEventException.class);
    }

    private static WebhookRequest signed(byte[] body, String signature, String deliveryId) {
        return new WebhookRequest("woo", Map.of("Content-Type", "application/json", "X-WC-Webhook-Signature", signature,
                "X-WC-Webhook-Topic", "order.updated", "X-WC-Webhook-Resource", "order",
                "X-WC-Webhook-Delivery-ID", deliveryId, "X-WC-Webhook-Source", "https://shop.example.de/"), body);
    }

    static byte[] fixture() throws IOException {
        try (InputStream in = WooCommerceConnectorTest.class.getResourceAsStream("/fixtures/woocommerce/order-processing.json")) {
            return in.readAllBytes();
        }
    }
}
