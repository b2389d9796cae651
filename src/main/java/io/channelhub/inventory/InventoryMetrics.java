package io.channelhub.inventory;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the ledger's tables at scrape time, so every instance reports the same numbers: oversold order
 * lines (alert on any) and listings waiting for a push.
 */
@Component
public class InventoryMetrics {

    public InventoryMetrics(ConnectorRegistry connectors, JdbcTemplate jdbc, MeterRegistry meters) {
        for (ConfiguredConnector connector : connectors.all()) {
            String id = connector.id();
            Gauge.builder("hub.stock.oversold.lines", () -> jdbc.queryForObject(
                            "SELECT COUNT(*) FROM stock_reservations WHERE connector_id = ? AND shortfall > 0 AND state <> 'RELEASED'", Long.class, id))
                    .tag("connector", id).description("Order lines sold when the ledger had not enough (unresolved)")
                    .register(meters);
            if (connector.marketplace().pushesStock()) {
                Gauge.builder("hub.stock.pushes.pending", () -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM stock_advertised WHERE connector_id = ? AND dirty = TRUE", Long.class, id))
                        .tag("connector", id).description("Listings whose advertised quantity waits for a push")
                        .register(meters);
            }
        }
    }
}
