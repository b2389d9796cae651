package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's numbers per SKU. Every write here runs in the caller's transaction. A stock count marks the SKU's
 * listings for a push itself; the reservation moves ({@link #take}, {@link #release}, {@link #consume}) leave that to
 * {@link StockLedger}, which marks each SKU once per order change however many moves it took - in the same
 * transaction, so an advertised quantity can never lag a committed change unnoticed.
 */
@Component
public class InventoryStore {

    private final JdbcTemplate jdbc;
    private final AdvertisedStock advertised;
    private final TransactionTemplate nested;
    private final Clock clock;

    public InventoryStore(JdbcTemplate jdbc, AdvertisedStock advertised, PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.advertised = advertised;
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * Sets what is physically on hand (a stock feed); reservations stay as they are. True when the SKU was new to the
     * ledger. Runs in the caller's transaction: a concurrent first count of the same SKU is caught in a savepoint, so
     * the transaction stays usable on PostgreSQL.
     */
    boolean setOnHand(String sku, int onHand) {
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand of " + sku + " is negative: " + onHand);
        }
        boolean created = false;
        if (jdbc.update("UPDATE inventory SET on_hand = ?, updated_at = ? WHERE sku = ?",
                onHand, timestamp(clock.instant()), sku) == 0) {
            try {
                nested.executeWithoutResult(status -> jdbc.update(
                        "INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES (?, ?, 0, ?)",
                        sku, onHand, timestamp(clock.instant())));
                created = true;
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE inventory SET on_hand = ?, updated_at = ? WHERE sku = ?",
                        onHand, timestamp(clock.instant()), sku);
            }
        }
        advertised.changed(sku);
        return created;
    }

    /**
     * Reserves as much of {@code wanted} as is available, under the SKU's row lock (so two orders racing for the last
     * units cannot both get them, on any database); how much it reserved, or -1 when the ledger holds no such SKU.
     */
    int take(String sku, int wanted) {
        List<Integer> available = jdbc.query("SELECT on_hand - reserved FROM inventory WHERE sku = ? FOR UPDATE",
                (rs, i) -> rs.getInt(1), sku);
        if (available.isEmpty()) {
            return -1;
        }
        int taken = Math.min(wanted, Math.max(0, available.get(0)));
        if (taken > 0) {
            jdbc.update("UPDATE inventory SET reserved = reserved + ?, updated_at = ? WHERE sku = ?",
                    taken, timestamp(clock.instant()), sku);
        }
        return taken;
    }

    void release(String sku, int quantity) {
        jdbc.update("UPDATE inventory SET reserved = reserved - ?, updated_at = ? WHERE sku = ?",
                quantity, timestamp(clock.instant()), sku);
    }

    /** A reserved quantity shipped: it leaves both on hand and reserved. */
    void consume(String sku, int quantity) {
        jdbc.update("UPDATE inventory SET on_hand = on_hand - ?, reserved = reserved - ?, updated_at = ? WHERE sku = ?",
                quantity, quantity, timestamp(clock.instant()), sku);
    }

    public Optional<StockLevel> find(String sku) {
        List<StockLevel> found = jdbc.query("SELECT sku, on_hand, reserved FROM inventory WHERE sku = ?",
                (rs, i) -> new StockLevel(rs.getString(1), rs.getInt(2), rs.getInt(3)), sku);
        return found.stream().findFirst();
    }
}
