package io.channelhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.kafka.EmbeddedKafkaBroker;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the broker cannot take an event, the sender is told to retry instead of being told "stored". */
class BrokerDownTest {

    @Test
    void answers503WhileTheBrokerIsDownSoTheSenderRetries(@TempDir Path dataDir) {
        try (StandaloneHub hub = StandaloneHub.start(dataDir)) {
            long orderId = OrderIds.next();
            assertThat(hub.client().send("shopify", ShopifyWebhook.order("orders/create", "evt-up-" + orderId, orderId,
                    Instant.now(), "paid", "A", 1)).statusCode()).isEqualTo(200);

            hub.bean(EmbeddedKafkaBroker.class).close();

            // the client gives up after Shopify's own 5 s timeout (HubClient): the 503 must come before that
            HttpResponse<String> answer = hub.client().send("shopify", ShopifyWebhook.order("orders/updated",
                    "evt-down-" + orderId, orderId, Instant.now(), "paid", "A", 1));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("retry later");
            // out of the load balancer until the broker is back, but not restarted: a restart would not bring it back
            assertThat(hub.client().opsWithoutToken("/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(hub.client().opsWithoutToken("/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }
}
