package io.channelhub.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The lines logged on an event's path carry its connector and event id as MDC fields (what a JSON log shows as
 * fields), and lines of other exchanges do not inherit them.
 */
class EventLogContextTest extends HubIntegrationTest {

    @Test
    void everyLineAboutAnEventCarriesItsConnectorAndEventId() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        long orderId = OrderIds.next();
        String eventId = "evt-logged-" + orderId;
        try {
            byte[] poison = ("{\"id\":" + orderId + ",\"updated_at\":\"not a time\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(hub.send("shopify", ShopifyWebhook.raw("orders/updated", eventId, poison)).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> !about(captured, eventId).isEmpty());
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> lines = about(captured, eventId);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.getMDCPropertyMap()).as(line.getFormattedMessage())
                    .containsEntry(EventLogContext.CONNECTOR_KEY, "shopify")
                    .containsEntry(EventLogContext.EVENT_KEY, eventId);
        });
        assertThat(List.copyOf(captured.list)).filteredOn(line -> !line.getFormattedMessage().contains(eventId))
                .allSatisfy(line -> assertThat(line.getMDCPropertyMap().get(EventLogContext.EVENT_KEY))
                        .as("another exchange's line: " + line.getFormattedMessage()).isNotEqualTo(eventId));
    }

    private static List<ILoggingEvent> about(ListAppender<ILoggingEvent> captured, String eventId) {
        return List.copyOf(captured.list).stream().filter(line -> line.getFormattedMessage().contains(eventId)).toList();
    }
}
