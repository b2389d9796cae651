package io.channelhub.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.support.HubIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The synthetic probe goes the whole path and says so in its metrics; when the path is broken (its connector paused) it fails, and its orders are never left where people or stock would see them.
 */
class SyntheticProbeTest extends HubIntegrationTest {

    private static final String PROBE = "synthetic-probe";

    @Test
    void aProbeTakesTheWholePathAndLeavesNothingBehind() {
        JsonNode result = hub.opsPost("/ops/probe").body();

        assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
        assertThat(hub.metric("hub_synthetic_probe_success")).isEqualTo(1.0);
        assertThat(hub.metric("hub_synthetic_probe_latency_seconds")).isPositive();
        assertThat(hub.metric("hub_synthetic_probe_last_success_seconds"))
                .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE connector_id = ?", Long.class, PROBE))
                .as("the probe's order is removed once seen").isZero();
        assertThat(hub.ops("/ops/audit?action=probe.run").body().path("total").asLong()).isPositive();
    }

    @Test
    void aBrokenPathFailsTheProbeAndItRecoversWithoutLeftovers() {
        assertThat(hub.opsPost("/ops/connectors/" + PROBE + "/pause").status()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "Stopped".equals(
                    hub.ops("/ops/connectors/" + PROBE).body().path("processingRoute").asText()));
            JsonNode failed = hub.opsPost("/ops/probe").body();

            assertThat(failed.path("success").asBoolean()).isFalse();
            assertThat(failed.path("error").asText()).contains("not applied");
            assertThat(hub.metric("hub_synthetic_probe_success")).isEqualTo(0.0);
        } finally {
            hub.opsPost("/ops/connectors/" + PROBE + "/resume");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "Started".equals(
                hub.ops("/ops/connectors/" + PROBE).body().path("processingRoute").asText()));
        // the failed probe's order waited in Kafka (on a partition of its own): once it is applied, the next probe
        // removes it with its own
        await().atMost(Duration.ofSeconds(30)).until(() ->
                hub.metric("hub_kafka_consumer_lag", "connector=\"" + PROBE + "\"") == 0);
        assertThat(hub.opsPost("/ops/probe").body().path("success").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE connector_id = ?", Long.class, PROBE))
                .as("the late order of the failed probe is removed too").isZero();
        assertThat(hub.ops("/ops/orders?size=500").body().path("items").findValuesAsText("connectorId"))
                .doesNotContain(PROBE);
    }
}
