package io.channelhub.connector.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmazonConnectorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AmazonConnector connector = new AmazonConnector(json, null, new AmazonOrderNormaliser(json), null);
    private final byte[] body = ("{\"NotificationType\":\"ORDER_CHANGE\",\"Payload\":{\"OrderChangeNotification\":"
            + "{\"AmazonOrderId\":\"902-1-2\"}},\"NotificationMetadata\":{\"NotificationId\":\"n-1\"}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void theConfiguredHeaderMustCarryTheCurrentOrPreviousSecret() {
        ConnectorSettings settings = new ConnectorSettings("amazon", "new-key", "old-key", Duration.ofMinutes(5),
                Map.of("auth-header", "x-hub-key"));
        assertThat(connector.verify(request("x-hub-key", "new-key"), settings)).isEqualTo(SignatureCheck.VALID_CURRENT_SECRET);
        assertThat(connector.verify(request("x-hub-key", "old-key"), settings)).isEqualTo(SignatureCheck.VALID_PREVIOUS_SECRET);
        assertThat(connector.verify(request("x-hub-key", "new-kez"), settings)).isEqualTo(SignatureCheck.INVALID);
        assertThat(connector.verify(request("x-api-key", "new-key"), settings)).as("the default header is not the configured one")
                .isEqualTo(SignatureCheck.MISSING);
    }

    @Test
    void theBareNotificationAndTheEventBridgeEventGiveTheSameEnvelope() {
        byte[] eventBridge = ("{\"version\":\"0\",\"detail-type\":\"ORDER_CHANGE\",\"detail\":" + new String(body, StandardCharsets.UTF_8)
                + "}").getBytes(StandardCharsets.UTF_8);
        var bare = connector.envelope(new WebhookRequest("amazon", Map.of(), body));
        var wrapped = connector.envelope(new WebhookRequest("amazon", Map.of(), eventBridge));
        assertThat(bare.eventId()).isEqualTo("n-1").isEqualTo(wrapped.eventId());
        assertThat(bare.resourceId()).isEqualTo("902-1-2").isEqualTo(wrapped.resourceId());
        assertThat(bare.eventType()).isEqualTo("ORDER_CHANGE");
    }

    private WebhookRequest request(String header, String value) {
        return new WebhookRequest("amazon", Map.of(header, value), body);
    }
}
