package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderChangeListener;
import io.channelhub.order.OrderLine;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves the ledger to where an order's state says it should be: an open or paid order holds its quantities, a
 * cancelled one holds nothing, a fulfilled one has consumed them. It compares the order's wanted state with what the
 * order holds (stock_reservations) and applies only the difference, so applying the same state twice, or an older
 * state the version guard let through, changes nothing. Runs in the order event's transaction: the dedupe key, the
 * order and the ledger commit together.
 */
@Component
public class StockLedger implements OrderChangeListener {

    private static final Logger log = LoggerFactory.getLogger(StockLedger.class);

    private final JdbcTemplate jdbc;
    private final InventoryStore inventory;
    private final Clock clock;

    public StockLedger(JdbcTemplate jdbc, InventoryStore inventory, Clock clock) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public void orderChanged(CanonicalOrder order) {
        Map<String, Integer> wanted = new TreeMap<>();
        for (OrderLine line : order.lines()) {
            if (line.sku() != null && !line.sku().isBlank() && line.quantity() > 0) {
                wanted.merge(line.sku(), line.quantity(), Integer::sum);
            }
        }
        Map<String, Held> held = new HashMap<>();
        jdbc.query("SELECT sku, quantity, state FROM stock_reservations WHERE connector_id = ? AND external_id = ? FOR UPDATE",
                rs -> {
                    held.put(rs.getString(1), new Held(rs.getInt(2), ReservationState.valueOf(rs.getString(3))));
                }, order.connectorId(), order.externalId());
        // SKUs in a fixed order: two orders sharing SKUs lock their inventory rows in the same order, never crosswise
        TreeSet<String> skus = new TreeSet<>(wanted.keySet());
        skus.addAll(held.keySet());
        for (String sku : skus) {
            int quantity = wanted.getOrDefault(sku, 0);
            Held now = held.get(sku);
            ReservationState next = quantity == 0 ? release(sku, now) : switch (order.status()) {
                case OPEN, PAID -> hold(sku, quantity, now);
                case CANCELLED -> release(sku, now);
                case FULFILLED -> consume(sku, quantity, now);
            };
            if (next != null) {
                save(order, sku, quantity == 0 && now != null ? now.quantity() : quantity, next);
                if (next == ReservationState.OVERSOLD && (now == null || now.state() != ReservationState.OVERSOLD)) {
                    log.warn("connector={} order={} sku={} OVERSOLD: {} sold, {} available", order.connectorId(),
                            order.externalId(), sku, quantity, inventory.find(sku).map(StockLevel::available).orElse(0));
                }
            }
        }
    }

    /** The order wants {@code quantity} held. Null: nothing to change. */
    private ReservationState hold(String sku, int quantity, Held now) {
        if (now != null && now.state() == ReservationState.RESERVED) {
            if (now.quantity() == quantity) {
                return null;
            }
            inventory.release(sku, now.quantity());
        } else if (now != null && now.state() == ReservationState.CONSUMED) {
            // already shipped; an older "paid" state arriving late does not bring it back
            return null;
        }
        if (inventory.reserve(sku, quantity)) {
            return ReservationState.RESERVED;
        }
        return inventory.find(sku).isPresent() ? ReservationState.OVERSOLD : ReservationState.UNTRACKED;
    }

    private ReservationState release(String sku, Held now) {
        if (now == null || now.state() == ReservationState.RELEASED || now.state() == ReservationState.CONSUMED) {
            return null;
        }
        if (now.state() == ReservationState.RESERVED) {
            inventory.release(sku, now.quantity());
        }
        return ReservationState.RELEASED;
    }

    private ReservationState consume(String sku, int quantity, Held now) {
        if (now != null && (now.state() == ReservationState.CONSUMED || now.state() == ReservationState.OVERSOLD
                || now.state() == ReservationState.UNTRACKED)) {
            // an oversold line stays visible until people resolve it; the next stock feed corrects on hand
            return null;
        }
        if (now != null && now.state() == ReservationState.RESERVED) {
            if (now.quantity() != quantity) {
                inventory.release(sku, now.quantity());
                if (!inventory.reserve(sku, quantity)) {
                    return ReservationState.OVERSOLD;
                }
            }
            inventory.consume(sku, quantity);
            return ReservationState.CONSUMED;
        }
        // first seen already shipped: it took stock that was not reserved for it
        if (inventory.reserve(sku, quantity)) {
            inventory.consume(sku, quantity);
            return ReservationState.CONSUMED;
        }
        return inventory.find(sku).isPresent() ? ReservationState.OVERSOLD : ReservationState.UNTRACKED;
    }

    private void save(CanonicalOrder order, String sku, int quantity, ReservationState state) {
        Integer available = state == ReservationState.OVERSOLD
                ? inventory.find(sku).map(StockLevel::available).orElse(null) : null;
        int updated = jdbc.update("UPDATE stock_reservations SET quantity = ?, state = ?, available_at_order = ?, "
                        + "updated_at = ? WHERE connector_id = ? AND external_id = ? AND sku = ?",
                quantity, state.name(), available, timestamp(clock.instant()), order.connectorId(), order.externalId(), sku);
        if (updated == 0) {
            jdbc.update("INSERT INTO stock_reservations (connector_id, external_id, sku, quantity, state, "
                            + "available_at_order, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    order.connectorId(), order.externalId(), sku, quantity, state.name(), available,
                    timestamp(clock.instant()));
        }
    }

    private record Held(int quantity, ReservationState state) {
    }
}
