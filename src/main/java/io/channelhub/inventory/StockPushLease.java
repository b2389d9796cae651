package io.channelhub.inventory;

import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which instance pushes a connector's stock: one at a time, so two instances can never send the same listing's
 * values out of order. The lease is renewed before every batch of a round and lapses after
 * {@code hub.stock.lease-duration} when its holder stops, so another instance takes over. A single batch that outlasts
 * the lease could still overlap the next holder's; the lease is far longer than any batch's bounded calls, and stock
 * reconciliation corrects what such an overlap could leave behind.
 */
@Component
public class StockPushLease {

    private final JdbcTemplate jdbc;
    private final StockProperties properties;
    private final String holder = "hub-" + UUID.randomUUID();

    public StockPushLease(JdbcTemplate jdbc, StockProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Takes or renews the connector's lease; false while another instance holds it. Expiry is the database's clock,
     * not each instance's, so clock skew between instances cannot shorten a lease.
     */
    boolean acquire(String connectorId) {
        String expiry = "CURRENT_TIMESTAMP + INTERVAL '" + Math.max(1, properties.leaseDuration().toSeconds()) + "' SECOND";
        if (jdbc.update("UPDATE stock_push_leases SET holder = ?, expires_at = " + expiry + " WHERE connector_id = ? "
                + "AND (holder = ? OR expires_at < CURRENT_TIMESTAMP)", holder, connectorId, holder) == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO stock_push_leases (connector_id, holder, expires_at) SELECT ?, ?, " + expiry
                    + " WHERE NOT EXISTS (SELECT 1 FROM stock_push_leases WHERE connector_id = ?)",
                    connectorId, holder, connectorId) == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }
}
