package io.channelhub.inventory;

import io.channelhub.connector.ConnectorRegistry;
import static io.channelhub.storage.SqlTimes.timestamp;

import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderChangeListener;
import io.channelhub.order.OrderLine;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves the ledger to where an order's state says it should be: an open or paid order holds its quantities, a
 * cancelled one holds nothing, a fulfilled one has consumed them. It compares what the order wants with what it holds
 * (stock_reservations) and moves only the difference, so applying the same state twice, or an older state the version
 * guard let through, changes nothing. When less is available than the marketplace sold, the order holds what there is
 * and the rest is its shortfall: OVERSOLD, logged and listed. Runs in the order event's transaction: the dedupe key, the
 * order and the ledger commit together.
 */
@Component
public class StockLedger implements OrderChangeListener {

    private static final Logger log = LoggerFactory.getLogger(StockLedger.class);

    private final JdbcTemplate jdbc;
    private final ConnectorRegistry connectors;
    private final InventoryStore inventory;
    private final AdvertisedStock advertised;
    private final Clock clock;

    public StockLedger(JdbcTemplate jdbc, InventoryStore inventory, AdvertisedStock advertised, Clock clock,
            ConnectorRegistry connectors) {
        this.connectors = connectors;
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.advertised = advertised;
        this.clock = clock;
    }

    @Override
    public void orderChanged(CanonicalOrder order) {
        if (connectors.isInternal(order.connectorId())) {
            // the synthetic probe's orders sell nothing
            return;
        }
        Map<String, Integer> wanted = new TreeMap<>();
        for (OrderLine line : order.lines()) {
            if (line.sku() != null && !line.sku().isBlank() && line.quantity() > 0) {
                wanted.merge(line.sku(), line.quantity(), Integer::sum);
            }
        }
        Map<String, Share> shares = new HashMap<>();
        jdbc.query("SELECT sku, quantity, held, shortfall, state FROM stock_reservations "
                        + "WHERE connector_id = ? AND external_id = ? FOR UPDATE",
                rs -> {
                    shares.put(rs.getString(1), new Share(rs.getInt(2), rs.getInt(3), rs.getInt(4),
                            ReservationState.valueOf(rs.getString(5))));
                }, order.connectorId(), order.externalId());
        // SKUs in a fixed order: two orders sharing SKUs lock their inventory rows in the same order, never crosswise
        TreeSet<String> skus = new TreeSet<>(wanted.keySet());
        skus.addAll(shares.keySet());
        for (String sku : skus) {
            int quantity = wanted.getOrDefault(sku, 0);
            Share now = shares.get(sku);
            Share next = quantity == 0 ? release(sku, now) : switch (order.status()) {
                case OPEN, PAID -> hold(sku, quantity, now);
                case CANCELLED -> release(sku, now);
                case FULFILLED -> consume(sku, quantity, now);
            };
            if (next != null && !next.equals(now)) {
                save(order.connectorId(), order.externalId(), sku, next, now == null);
                advertised.changed(sku);
                if (next.shortfall() > (now == null ? 0 : now.shortfall())) {
                    log.warn("connector={} order={} sku={} OVERSOLD: {} sold, {} held, {} short", order.connectorId(),
                            order.externalId(), sku, next.quantity(), next.held(), next.shortfall());
                }
            }
        }
    }

    /**
     * Reserves what orders of a SKU new to the ledger wanted before it had stock (UNTRACKED), first come first served:
     * otherwise the first count would be advertised in full while those orders still have to be shipped. Runs in the
     * first count's transaction, which has marked the SKU's listings already.
     */
    void adoptUntracked(String sku) {
        List<String[]> waiting = jdbc.query("SELECT connector_id, external_id, quantity FROM stock_reservations "
                        + "WHERE sku = ? AND state = 'UNTRACKED' ORDER BY updated_at FOR UPDATE",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3))}, sku);
        for (String[] line : waiting) {
            int quantity = Integer.parseInt(line[2]);
            int taken = Math.max(0, inventory.take(sku, quantity));
            save(line[0], line[1], sku, new Share(quantity, taken, quantity - taken, ReservationState.RESERVED), false);
        }
    }

    /** The order wants {@code quantity} held. */
    private Share hold(String sku, int quantity, Share now) {
        if (now != null && now.state() == ReservationState.CONSUMED) {
            // already shipped; an older "paid" state arriving late does not bring it back
            return null;
        }
        int held = now != null && now.state() == ReservationState.RESERVED ? now.held() : 0;
        if (quantity < held) {
            inventory.release(sku, held - quantity);
            held = quantity;
        } else if (quantity > held) {
            int taken = inventory.take(sku, quantity - held);
            if (taken < 0) {
                return new Share(quantity, 0, 0, ReservationState.UNTRACKED);
            }
            held += taken;
        }
        return new Share(quantity, held, quantity - held, ReservationState.RESERVED);
    }

    private Share release(String sku, Share now) {
        if (now == null || now.state() == ReservationState.RELEASED || now.state() == ReservationState.CONSUMED) {
            return null;
        }
        if (now.held() > 0) {
            inventory.release(sku, now.held());
        }
        // a cancelled oversell is resolved: nothing short any more
        return new Share(now.quantity(), 0, 0, ReservationState.RELEASED);
    }

    /** The order shipped {@code quantity}: what it held, and what is free if it held less, leaves the ledger. */
    private Share consume(String sku, int quantity, Share now) {
        if (now != null && now.state() == ReservationState.CONSUMED) {
            return null;
        }
        int held = now != null && now.state() == ReservationState.RESERVED ? now.held() : 0;
        if (quantity < held) {
            inventory.release(sku, held - quantity);
            held = quantity;
        } else if (quantity > held) {
            int taken = inventory.take(sku, quantity - held);
            if (taken < 0) {
                // a SKU the ledger does not track (no count yet): nothing to consume and nothing short; its first count
                // is what is left after this shipment
                return new Share(quantity, 0, 0, ReservationState.CONSUMED);
            }
            held += taken;
        }
        if (held > 0) {
            inventory.consume(sku, held);
        }
        // shipped more than the ledger had: it stays listed as oversold until the next stock count explains it
        return new Share(quantity, 0, quantity - held, ReservationState.CONSUMED);
    }

    private void save(String connectorId, String externalId, String sku, Share share, boolean isNew) {
        if (isNew) {
            jdbc.update("INSERT INTO stock_reservations (connector_id, external_id, sku, quantity, held, shortfall, state, "
                            + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", connectorId, externalId, sku, share.quantity(),
                    share.held(), share.shortfall(), share.state().name(), timestamp(clock.instant()));
        } else {
            jdbc.update("UPDATE stock_reservations SET quantity = ?, held = ?, shortfall = ?, state = ?, updated_at = ? "
                            + "WHERE connector_id = ? AND external_id = ? AND sku = ?", share.quantity(), share.held(),
                    share.shortfall(), share.state().name(), timestamp(clock.instant()), connectorId, externalId, sku);
        }
    }

    /** An order's share of a SKU: wanted, held, short, and where it stands. */
    private record Share(int quantity, int held, int shortfall, ReservationState state) {
    }
}
