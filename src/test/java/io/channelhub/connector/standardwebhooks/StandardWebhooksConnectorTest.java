package io.channelhub.connector.standardwebhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksConnectorTest {

    // the test vector the Standard Webhooks specification's libraries publish
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final ConnectorSettings settings = ConnectorSettings.of("standard-webhooks", SPEC_SECRET, null);

    @Test
    void acceptsTheSpecificationsTestVector() {
        assertThat(verifierAt(SPEC_TIMESTAMP).verify(request(SPEC_SIGNATURE), settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        // the whsec_ prefix is optional
        assertThat(verifierAt(SPEC_TIMESTAMP).verify(request(SPEC_SIGNATURE),
                ConnectorSettings.of("standard-webhooks", SPEC_SECRET.substring(6), null))).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
    }

    @Test
    void anyV1EntryOfTheListMayMatch() {
        String list = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " + SPEC_SIGNATURE;
        assertThat(verifierAt(SPEC_TIMESTAMP).verify(request(list), settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        // the right MAC under another version tag does not count
        assertThat(verifierAt(SPEC_TIMESTAMP).verify(request("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), settings))
                .isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesTimestampsOutsideTheTolerance() {
        assertThat(verifierAt(SPEC_TIMESTAMP + 299).verify(request(SPEC_SIGNATURE), settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        assertThat(verifierAt(SPEC_TIMESTAMP + 301).verify(request(SPEC_SIGNATURE), settings)).isEqualTo(SignatureCheck.EXPIRED);
        assertThat(verifierAt(SPEC_TIMESTAMP - 301).verify(request(SPEC_SIGNATURE), settings)).isEqualTo(SignatureCheck.EXPIRED);
        ConnectorSettings wide = new ConnectorSettings("standard-webhooks", SPEC_SECRET, null, Duration.ofMinutes(10), Map.of());
        assertThat(verifierAt(SPEC_TIMESTAMP + 301).verify(request(SPEC_SIGNATURE), wide)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
    }

    @Test
    void refusesTamperingWrongSecretsAndMissingHeaders() {
        StandardWebhooksSignatureVerifier verifier = verifierAt(SPEC_TIMESTAMP);
        WebhookRequest tampered = new WebhookRequest("generic", headers(SPEC_SIGNATURE),
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(tampered, settings)).isEqualTo(SignatureCheck.INVALID);
        assertThat(verifier.verify(request(SPEC_SIGNATURE), ConnectorSettings.of("standard-webhooks", "whsec_c2VjcmV0", null)))
                .isEqualTo(SignatureCheck.INVALID);
        assertThat(verifier.verify(request(SPEC_SIGNATURE), ConnectorSettings.of("standard-webhooks", "whsec_c2VjcmV0", SPEC_SECRET)))
                .isEqualTo(SignatureCheck.VALID_PREVIOUS_SECRET);
        assertThat(verifier.verify(new WebhookRequest("generic", Map.of("webhook-id", SPEC_ID), SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8)),
                settings)).isEqualTo(SignatureCheck.MISSING);
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedAtStartUp() {
        StandardWebhooksConnector connector = new StandardWebhooksConnector(verifierAt(SPEC_TIMESTAMP),
                new GenericOrderNormaliser(new ObjectMapper()));
        assertThatThrownBy(() -> connector.validate("generic", ConnectorSettings.of("standard-webhooks", "whsec_not base64!", null)))
                .hasMessageContaining("generic");
    }

    @Test
    void mapsTheGenericOrderFormat() {
        String body = """
                {"type":"order.updated","timestamp":"2026-11-20T10:05:00Z","data":{"id":"SO-1001","name":"SO-1001",\
                "status":"paid","financialStatus":"paid","fulfillmentStatus":"unfulfilled","currency":"EUR",\
                "totalPrice":"12.50","customerEmail":"ana@example.com","createdAt":"2026-11-20T10:00:00Z",\
                "updatedAt":"2026-11-20T10:05:00Z","lines":[{"lineId":"1","sku":"PEN-RED","quantity":5,"price":"2.50"}]}}""";
        StandardWebhooksConnector connector = new StandardWebhooksConnector(verifierAt(SPEC_TIMESTAMP),
                new GenericOrderNormaliser(new ObjectMapper()));
        CanonicalOrder order = connector.normalise(new InboundEvent("generic", "msg_1", "order.updated", Instant.now(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(order.externalId()).isEqualTo("SO-1001");
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.fulfillmentStatus()).isEqualTo("UNFULFILLED");
        assertThat(order.updatedAt()).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
        assertThat(order.lines()).hasSize(1);
        assertThat(connector.envelope(new WebhookRequest("generic", Map.of("webhook-id", "msg_1"), body.getBytes(StandardCharsets.UTF_8))))
                .satisfies(envelope -> {
                    assertThat(envelope.eventId()).isEqualTo("msg_1");
                    assertThat(envelope.eventType()).isEqualTo("order.updated");
                    assertThat(envelope.resourceId()).isEqualTo("SO-1001");
                });
        assertThatThrownBy(() -> connector.normalise(new InboundEvent("generic", "m", "invoice.paid", Instant.now(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)))).isInstanceOf(PermanentEventException.class);
    }

    private static StandardWebhooksSignatureVerifier verifierAt(long epochSecond) {
        return new StandardWebhooksSignatureVerifier(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static WebhookRequest request(String signatureHeader) {
        return new WebhookRequest("generic", headers(signatureHeader), SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(String signatureHeader) {
        return Map.of("webhook-id", SPEC_ID, "webhook-timestamp", Long.toString(SPEC_TIMESTAMP), "webhook-signature", signatureHeader);
    }
}
