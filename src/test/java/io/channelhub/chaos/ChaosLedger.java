package io.channelhub.chaos;

import io.channelhub.simulator.SimulatedOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the hub left in its database after the sale, read the way an operator would (SQL on the hub's own tables),
 * set against the simulators' truth: the numbers the chaos suite prints and its invariants.
 */
final class ChaosLedger {

    private final JdbcTemplate jdbc;
    private final Map<String, Map<String, SimulatedOrder>> truth;

    ChaosLedger(JdbcTemplate jdbc, Map<String, Map<String, SimulatedOrder>> truth) {
        this.jdbc = jdbc;
        this.truth = truth;
    }

    /** Orders of the truth that the store lacks or holds in another state or version, per connector. */
    Map<String, List<String>> differences() {
        Map<String, List<String>> differences = new TreeMap<>();
        truth.forEach((connector, orders) -> {
            Map<String, String> stored = new HashMap<>();
            jdbc.query("SELECT external_id, status, marketplace_updated_at FROM orders WHERE connector_id = ?", rs -> {
                stored.put(rs.getString(1), rs.getString(2) + "@" + rs.getTimestamp(3).toInstant());
            }, connector);
            Map<String, Map<String, Integer>> lines = storedLines(connector);
            List<String> different = new ArrayList<>();
            orders.forEach((id, order) -> {
                String expected = order.status() + "@" + order.updatedAt();
                if (!expected.equals(stored.get(id)) || !quantities(order).equals(lines.get(id))) {
                    different.add(id + " is " + stored.get(id) + " " + lines.get(id) + ", truth " + expected + " "
                            + quantities(order));
                }
            });
            stored.keySet().stream().filter(id -> !orders.containsKey(id)).forEach(id -> different.add(id + " is not in the truth"));
            differences.put(connector, different);
        });
        return differences;
    }

    private Map<String, Map<String, Integer>> storedLines(String connector) {
        Map<String, Map<String, Integer>> lines = new HashMap<>();
        jdbc.query("SELECT external_id, sku, quantity FROM order_lines WHERE connector_id = ?", rs -> {
            lines.computeIfAbsent(rs.getString(1), id -> new TreeMap<>()).merge(rs.getString(2), rs.getInt(3), Integer::sum);
        }, connector);
        return lines;
    }

    private static Map<String, Integer> quantities(SimulatedOrder order) {
        Map<String, Integer> quantities = new TreeMap<>();
        order.lines().forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
        return quantities;
    }

    /** Acknowledged webhooks (connector/order@version) without a row in the event log: acknowledged but never applied. */
    List<String> acknowledgedButNotApplied(Set<String> acknowledged) {
        Set<String> logged = new HashSet<>();
        jdbc.query("SELECT connector_id, external_id, marketplace_updated_at FROM order_event_log", rs -> {
            logged.add(FlashSale.key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
        });
        return acknowledged.stream().filter(key -> !logged.contains(key)).sorted().toList();
    }

    /** Event ids with more than one row in the event log: an event applied twice. */
    List<String> eventsLoggedTwice() {
        return jdbc.queryForList("SELECT connector_id || '/' || event_id FROM order_event_log "
                + "GROUP BY connector_id, event_id HAVING COUNT(*) > 1", String.class);
    }

    /** Orders whose revision is not the number of events that changed them: a change applied twice, or one lost. */
    List<String> revisionsNotMatchingChanges() {
        return jdbc.queryForList("SELECT o.connector_id || '/' || o.external_id FROM orders o LEFT JOIN "
                + "(SELECT connector_id, external_id, COUNT(*) AS changes FROM order_event_log "
                + "WHERE outcome IN ('CREATED', 'UPDATED') GROUP BY connector_id, external_id) c "
                + "ON c.connector_id = o.connector_id AND c.external_id = o.external_id "
                + "WHERE c.changes IS NULL OR c.changes <> o.revision", String.class);
    }

    /** Orders where a change was applied after a newer one: a stale overwrite. */
    List<String> staleOverwrites() {
        List<String> stale = new ArrayList<>();
        Map<String, Instant> newest = new HashMap<>();
        jdbc.query("SELECT connector_id, external_id, marketplace_updated_at, event_id FROM order_event_log "
                + "WHERE outcome IN ('CREATED', 'UPDATED') ORDER BY id", rs -> {
            String order = rs.getString(1) + "/" + rs.getString(2);
            Instant version = rs.getTimestamp(3).toInstant();
            Instant before = newest.get(order);
            if (before != null && version.isBefore(before)) {
                stale.add(order + " " + rs.getString(4) + " (" + version + ") applied after " + before);
            } else {
                newest.put(order, version);
            }
        });
        return stale;
    }

    /** Per connector: how many of the truth's orders reconciliation changed (created or updated). */
    Map<String, Integer> foundByReconciliation() {
        Map<String, Integer> found = new TreeMap<>();
        jdbc.query("SELECT connector_id, COUNT(DISTINCT external_id) FROM order_event_log WHERE event_id LIKE 'reconcile:%' "
                + "AND outcome IN ('CREATED', 'UPDATED') GROUP BY connector_id", rs -> {
            found.put(rs.getString(1), rs.getInt(2));
        });
        return found;
    }

    /** Per connector: event log rows by outcome and source (webhook or reconcile). */
    Map<String, Map<String, Integer>> eventLog() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        jdbc.query("SELECT connector_id, CASE WHEN event_id LIKE 'reconcile:%' THEN 'polled' ELSE 'webhook' END, outcome, "
                + "COUNT(*) FROM order_event_log GROUP BY 1, 2, 3", rs -> {
            counts.computeIfAbsent(rs.getString(1), c -> new TreeMap<>()).put(rs.getString(2) + " " + rs.getString(3), rs.getInt(4));
        });
        return counts;
    }

    /** One hot SKU's ledger: the hub's rows beside what the marketplaces sold. */
    SkuLedger sku(String sku, int initial) {
        int covered = 0;
        int shortfall = 0;
        int held = 0;
        int shipped = 0;
        for (Map<String, Object> row : jdbc.queryForList("SELECT state, SUM(quantity) AS quantity, SUM(held) AS held, "
                + "SUM(shortfall) AS shortfall FROM stock_reservations WHERE sku = ? GROUP BY state", sku)) {
            String state = (String) row.get("state");
            int quantity = ((Number) row.get("quantity")).intValue();
            int rowHeld = ((Number) row.get("held")).intValue();
            int rowShort = ((Number) row.get("shortfall")).intValue();
            if ("RESERVED".equals(state)) {
                held += rowHeld;
                covered += rowHeld;
                shortfall += rowShort;
            } else if ("CONSUMED".equals(state)) {
                shipped += quantity - rowShort;
                covered += quantity - rowShort;
                shortfall += rowShort;
            }
        }
        int soldEver = 0;
        int soldKept = 0;
        for (Map<String, SimulatedOrder> orders : truth.values()) {
            for (SimulatedOrder order : orders.values()) {
                int quantity = order.lines().stream().filter(l -> l.sku().equals(sku)).mapToInt(SimulatedOrder.Line::quantity).sum();
                soldEver += quantity;
                soldKept += "CANCELLED".equals(order.status()) ? 0 : quantity;
            }
        }
        Map<String, Object> level = jdbc.queryForMap("SELECT on_hand, reserved FROM inventory WHERE sku = ?", sku);
        int onHand = ((Number) level.get("on_hand")).intValue();
        int reserved = ((Number) level.get("reserved")).intValue();
        return new SkuLedger(sku, initial, soldEver, soldKept, covered, held, shipped, shortfall, onHand, reserved);
    }

    /** Units short per SKU, for SKUs other than {@code tracked}: what the ledger flags on SKUs it has no stock of. */
    Map<String, Integer> oversoldOutside(List<String> tracked) {
        Map<String, Integer> oversold = new TreeMap<>();
        jdbc.query("SELECT sku, SUM(shortfall) FROM stock_reservations WHERE shortfall > 0 AND state <> 'RELEASED' GROUP BY sku",
                rs -> {
                    if (!tracked.contains(rs.getString(1))) {
                        oversold.put(rs.getString(1), rs.getInt(2));
                    }
                });
        return oversold;
    }

    /** Dead letters by event id, with the bytes each keeps. */
    Map<String, byte[]> deadLetters() {
        Map<String, byte[]> letters = new TreeMap<>();
        jdbc.query("SELECT connector_id, event_id, payload FROM dead_letters", rs -> {
            letters.put(rs.getString(1) + "/" + rs.getString(2), rs.getBytes(3));
        });
        return letters;
    }

    int storedOrderCount(String connector) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE connector_id = ?", Integer.class, connector);
    }

    int logRows(String connector, String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log WHERE connector_id = ? AND event_id = ?",
                Integer.class, connector, eventId);
    }

    /**
     * One hot SKU.
     *
     * @param initial   units in stock when the sale opened (no count after it)
     * @param soldEver  units the marketplaces sold, cancelled orders included
     * @param soldKept  units of orders not cancelled
     * @param covered   units the ledger holds or shipped for orders
     * @param held      units held by open and paid orders
     * @param shipped   units shipped from stock
     * @param oversold  units sold that the ledger had not got (shortfall of orders not cancelled)
     * @param onHand    the ledger's on-hand now
     * @param reserved  the ledger's reserved now
     */
    record SkuLedger(String sku, int initial, int soldEver, int soldKept, int covered, int held, int shipped, int oversold,
            int onHand, int reserved) {

        int available() {
            return onHand - reserved;
        }

        /** The most that could be oversold without the ledger's fault: what the marketplaces sold beyond the stock. */
        int unavoidable() {
            return Math.max(0, soldEver - initial);
        }
    }
}
