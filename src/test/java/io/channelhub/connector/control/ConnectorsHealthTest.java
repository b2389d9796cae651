package io.channelhub.connector.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * A connector's health component as {@code /actuator/health} shows it. Found by the chaos suite: right after each
 * start, before Camel had added a connector's processing route, the health endpoint answered 500
 * (a NullPointerException) instead of the connector's status.
 */
class ConnectorsHealthTest {

    @Test
    void aProcessingRouteThatDoesNotExistYetIsDownNotAnError() {
        Health health = ConnectorsHealth.health(overview(false, null));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("processing", "absent");
    }

    @Test
    void aRunningRouteIsUpAStoppedOneDownAndAPausedConnectorUpWhateverItsRoute() {
        assertThat(ConnectorsHealth.health(overview(false, "Started")).getStatus()).isEqualTo(Status.UP);
        assertThat(ConnectorsHealth.health(overview(false, "Stopped")).getStatus()).isEqualTo(Status.DOWN);
        assertThat(ConnectorsHealth.health(overview(true, null)).getStatus()).isEqualTo(Status.UP);
        assertThat(ConnectorsHealth.health(overview(true, "Stopped")).getDetails()).containsEntry("processing", "paused");
    }

    private static ConnectorOverview overview(boolean paused, String processingRoute) {
        return new ConnectorOverview("shopify", "shopify", true, true, paused, false, null, null, null, processingRoute,
                null, null, null, "CLOSED", 0L);
    }
}
