package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Health as an orchestrator and a person read it: liveness and readiness groups that answer for what they mean, a
 * component per connector, and nothing but statuses for a caller without a credential.
 */
class HealthTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void livenessAndReadinessAnswerForWhatTheyMean() throws Exception {
        JsonNode liveness = health("/actuator/health/liveness", 200);
        JsonNode readiness = health("/actuator/health/readiness", 200);

        assertThat(liveness.path("components").fieldNames()).toIterable().containsExactly("livenessState");
        assertThat(readiness.path("components").fieldNames()).toIterable().containsExactlyInAnyOrder("readinessState", "kafka");
        JsonNode all = health("/actuator/health", 200);
        assertThat(all.path("components").fieldNames()).toIterable().contains("db", "kafka", "connectors");
        assertThat(all.path("components").path("connectors").path("components").path("shopify").path("status").asText())
                .isEqualTo("UP");
        assertThat(all.path("components").path("kafka").has("details")).as("statuses only, in public").isFalse();
    }

    @Test
    void aPausedConnectorIsHealthyItWasPausedOnPurpose() throws Exception {
        assertThat(hub.opsPost("/ops/connectors/generic/pause").status()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "Stopped".equals(hub.ops("/ops/connectors/generic").body().path("processingRoute").asText()));

            assertThat(health("/actuator/health/connectors/generic", 200).path("status").asText()).isEqualTo("UP");
        } finally {
            hub.opsPost("/ops/connectors/generic/resume");
        }
    }

    private JsonNode health(String path, int expectedStatus) throws Exception {
        HttpResponse<String> answer = hub.opsWithoutToken(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(expectedStatus);
        return JSON.readTree(answer.body());
    }
}
