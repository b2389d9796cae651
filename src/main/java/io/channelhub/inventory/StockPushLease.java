package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Clock;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which instance pushes a connector's stock: one at a time, so two instances can never send the same listing's
 * values out of order. The lease is renewed by every push round and lapses after {@code hub.stock.lease-duration}
 * when its holder stops, so another instance takes over.
 */
@Component
public class StockPushLease {

    private final JdbcTemplate jdbc;
    private final StockProperties properties;
    private final Clock clock;
    private final String holder = "hub-" + UUID.randomUUID();

    public StockPushLease(JdbcTemplate jdbc, StockProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Takes or renews the connector's lease; false while another instance holds it. */
    boolean acquire(String connectorId) {
        var now = clock.instant();
        var until = timestamp(now.plus(properties.leaseDuration()));
        if (jdbc.update("UPDATE stock_push_leases SET holder = ?, expires_at = ? WHERE connector_id = ? "
                + "AND (holder = ? OR expires_at < ?)", holder, until, connectorId, holder, timestamp(now)) == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO stock_push_leases (connector_id, holder, expires_at) SELECT ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM stock_push_leases WHERE connector_id = ?)",
                    connectorId, holder, until, connectorId) == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }
}
