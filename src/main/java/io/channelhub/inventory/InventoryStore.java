package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's numbers per SKU. Every write here runs in the caller's transaction and marks the SKU's listings for a
 * push in the same transaction, so an advertised quantity can never lag a committed change unnoticed.
 */
@Component
public class InventoryStore {

    private final JdbcTemplate jdbc;
    private final AdvertisedStock advertised;
    private final Clock clock;

    public InventoryStore(JdbcTemplate jdbc, AdvertisedStock advertised, Clock clock) {
        this.jdbc = jdbc;
        this.advertised = advertised;
        this.clock = clock;
    }

    /** Sets what is physically on hand (a stock feed); reservations stay as they are. */
    public void setOnHand(String sku, int onHand) {
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand of " + sku + " is negative: " + onHand);
        }
        int updated = jdbc.update("UPDATE inventory SET on_hand = ?, updated_at = ? WHERE sku = ?",
                onHand, timestamp(clock.instant()), sku);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO inventory (sku, on_hand, reserved, updated_at) VALUES (?, ?, 0, ?)",
                        sku, onHand, timestamp(clock.instant()));
            } catch (DuplicateKeyException raced) {
                setOnHand(sku, onHand);
                return;
            }
        }
        advertised.changed(sku);
    }

    /**
     * Reserves {@code quantity} if that much is available, atomically: the condition is part of the update, so two
     * orders racing for the last unit cannot both get it, on any database.
     */
    boolean reserve(String sku, int quantity) {
        boolean reserved = jdbc.update("UPDATE inventory SET reserved = reserved + ?, updated_at = ? "
                + "WHERE sku = ? AND on_hand - reserved >= ?", quantity, timestamp(clock.instant()), sku, quantity) == 1;
        if (reserved) {
            advertised.changed(sku);
        }
        return reserved;
    }

    void release(String sku, int quantity) {
        jdbc.update("UPDATE inventory SET reserved = reserved - ?, updated_at = ? WHERE sku = ?",
                quantity, timestamp(clock.instant()), sku);
        advertised.changed(sku);
    }

    /** A reserved quantity shipped: it leaves both on hand and reserved. */
    void consume(String sku, int quantity) {
        jdbc.update("UPDATE inventory SET on_hand = on_hand - ?, reserved = reserved - ?, updated_at = ? WHERE sku = ?",
                quantity, quantity, timestamp(clock.instant()), sku);
        advertised.changed(sku);
    }

    public Optional<StockLevel> find(String sku) {
        List<StockLevel> found = jdbc.query("SELECT sku, on_hand, reserved FROM inventory WHERE sku = ?",
                (rs, i) -> new StockLevel(rs.getString(1), rs.getInt(2), rs.getInt(3)), sku);
        return found.stream().findFirst();
    }
}
