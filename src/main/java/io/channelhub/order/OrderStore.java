package io.channelhub.order;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import io.channelhub.storage.SqlConditions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Canonical orders in the database. {@link #apply} must run inside the caller's transaction, together with the
 * idempotency key of the event, so that both are committed or neither is.
 */
@Component
public class OrderStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OrderStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores the order unless the store already holds a newer version of it (by the marketplace's updated-at), and
     * logs the event's outcome. The row lock taken first serialises concurrent writers of one
     * order on every database.
     */
    public ApplyOutcome apply(CanonicalOrder order, String eventId, String eventType) {
        Instant now = clock.instant();
        String digest = order.contentDigest();
        List<StoredVersion> stored = jdbc.query(
                "SELECT marketplace_updated_at, content_digest FROM orders WHERE connector_id = ? AND external_id = ? FOR UPDATE",
                (rs, i) -> new StoredVersion(instant(rs, 1), rs.getString(2)), order.connectorId(), order.externalId());
        ApplyOutcome outcome = stored.isEmpty() ? ApplyOutcome.CREATED : stored.get(0).outcomeOf(order, digest);
        if (outcome == ApplyOutcome.CREATED) {
            insert(order, digest, eventId, now);
        } else if (outcome == ApplyOutcome.UPDATED) {
            update(order, digest, eventId, now);
        }
        jdbc.update("INSERT INTO order_event_log (connector_id, external_id, event_id, event_type, "
                        + "marketplace_updated_at, outcome, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                order.connectorId(), order.externalId(), eventId, eventType, timestamp(order.updatedAt()),
                outcome.name(), timestamp(now));
        return outcome;
    }

    /**
     * What {@link #apply} would do with this order now, without changing anything: reconciliation counts an order
     * that would be created or updated as drift (its webhooks were missed or are late).
     */
    public ApplyOutcome wouldApply(CanonicalOrder order) {
        List<StoredVersion> stored = jdbc.query(
                "SELECT marketplace_updated_at, content_digest FROM orders WHERE connector_id = ? AND external_id = ?",
                (rs, i) -> new StoredVersion(instant(rs, 1), rs.getString(2)), order.connectorId(), order.externalId());
        return stored.isEmpty() ? ApplyOutcome.CREATED : stored.get(0).outcomeOf(order, order.contentDigest());
    }

    /** The version guard, in one place. */
    private record StoredVersion(Instant updatedAt, String digest) {

        ApplyOutcome outcomeOf(CanonicalOrder order, String orderDigest) {
            if (order.updatedAt().isBefore(updatedAt)) {
                return ApplyOutcome.STALE;
            }
            // equal counts as newer unless the content is the same: marketplaces stamp changes to the second, and two
            // changes within one second (created, then paid) must both apply, in the order their partition delivers
            // them; a second copy of one state (a polled copy of an applied webhook) changes nothing
            if (order.updatedAt().equals(updatedAt) && orderDigest.equals(digest)) {
                return ApplyOutcome.UNCHANGED;
            }
            return ApplyOutcome.UPDATED;
        }
    }

    private void insert(CanonicalOrder order, String digest, String eventId, Instant now) {
        jdbc.update("INSERT INTO orders (connector_id, external_id, name, status, financial_status, "
                        + "fulfillment_status, currency, total_price, customer_email, marketplace_created_at, "
                        + "marketplace_updated_at, revision, last_event_id, first_applied_at, last_applied_at, content_digest) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                order.connectorId(), order.externalId(), order.name(), order.status().name(), order.financialStatus(),
                order.fulfillmentStatus(), order.currency(), order.totalPrice(), order.customerEmail(),
                timestamp(order.createdAt()), timestamp(order.updatedAt()), eventId, timestamp(now), timestamp(now), digest);
        insertLines(order);
    }

    private void update(CanonicalOrder order, String digest, String eventId, Instant now) {
        jdbc.update("UPDATE orders SET name = ?, status = ?, financial_status = ?, fulfillment_status = ?, "
                        + "currency = ?, total_price = ?, customer_email = ?, marketplace_created_at = ?, "
                        + "marketplace_updated_at = ?, revision = revision + 1, last_event_id = ?, last_applied_at = ?, "
                        + "content_digest = ? WHERE connector_id = ? AND external_id = ?",
                order.name(), order.status().name(), order.financialStatus(), order.fulfillmentStatus(),
                order.currency(), order.totalPrice(), order.customerEmail(), timestamp(order.createdAt()),
                timestamp(order.updatedAt()), eventId, timestamp(now), digest, order.connectorId(), order.externalId());
        jdbc.update("DELETE FROM order_lines WHERE connector_id = ? AND external_id = ?",
                order.connectorId(), order.externalId());
        insertLines(order);
    }

    private void insertLines(CanonicalOrder order) {
        List<OrderLine> lines = order.lines();
        int[] lineNo = {0};
        jdbc.batchUpdate("INSERT INTO order_lines (connector_id, external_id, line_no, line_id, sku, quantity, price) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                lines, lines.size(), (ps, line) -> {
                    ps.setString(1, order.connectorId());
                    ps.setString(2, order.externalId());
                    ps.setInt(3, ++lineNo[0]);
                    ps.setString(4, line.lineId());
                    ps.setString(5, line.sku());
                    ps.setInt(6, line.quantity());
                    ps.setBigDecimal(7, line.price());
                });
    }

    public Optional<StoredOrder> find(String connectorId, String externalId) {
        List<StoredOrder> found = jdbc.query("SELECT * FROM orders WHERE connector_id = ? AND external_id = ?",
                (rs, i) -> row(rs), connectorId, externalId);
        return found.stream().findFirst().map(this::withLines);
    }

    /**
     * One page of a connector's orders, newest change first; {@code connectorId} null means all connectors but the
     * {@code hidden} ones (the hub's own).
     */
    public OrderPage page(String connectorId, Collection<String> hidden, int page, int size) {
        List<Object> parameters = new ArrayList<>();
        String where;
        if (connectorId != null) {
            where = " WHERE connector_id = ?";
            parameters.add(connectorId);
        } else if (!hidden.isEmpty()) {
            where = " WHERE connector_id NOT IN (" + String.join(", ", Collections.nCopies(hidden.size(), "?")) + ")";
            parameters.addAll(hidden);
        } else {
            where = "";
        }
        Object[] args = parameters.toArray();
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM orders" + where, Long.class, args);
        List<StoredOrder> items = jdbc.query("SELECT * FROM orders" + where
                        + " ORDER BY marketplace_updated_at DESC, connector_id, external_id OFFSET " + ((long) page * size)
                        + " ROWS FETCH NEXT " + size + " ROWS ONLY",
                (rs, i) -> row(rs), args);
        return new OrderPage(total, items.stream().map(this::withLines).toList());
    }

    /**
     * Forgets a connector's orders whose ids start with {@code prefix}, and their history: for the hub's own
     * synthetic orders, once they have served their purpose.
     */
    public void removeStartingWith(String connectorId, String prefix) {
        String like = SqlConditions.likeLiteral(prefix) + "%";
        jdbc.update("DELETE FROM order_event_log WHERE connector_id = ? AND external_id LIKE ? ESCAPE '!'", connectorId, like);
        jdbc.update("DELETE FROM orders WHERE connector_id = ? AND external_id LIKE ? ESCAPE '!'", connectorId, like);
    }

    /** The outcome of every event processed for one order, oldest first. */
    public List<OrderEventRecord> history(String connectorId, String externalId) {
        return jdbc.query("SELECT event_id, event_type, marketplace_updated_at, outcome, processed_at "
                        + "FROM order_event_log WHERE connector_id = ? AND external_id = ? ORDER BY id",
                (rs, i) -> new OrderEventRecord(rs.getString(1), rs.getString(2), instant(rs, 3),
                        ApplyOutcome.valueOf(rs.getString(4)), instant(rs, 5)),
                connectorId, externalId);
    }

    private StoredOrder withLines(StoredOrder order) {
        List<OrderLine> lines = jdbc.query("SELECT line_id, sku, quantity, price FROM order_lines "
                        + "WHERE connector_id = ? AND external_id = ? ORDER BY line_no",
                (rs, i) -> new OrderLine(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBigDecimal(4)),
                order.connectorId(), order.externalId());
        return order.withLines(lines);
    }

    private static StoredOrder row(ResultSet rs) throws SQLException {
        return new StoredOrder(rs.getString("connector_id"), rs.getString("external_id"), rs.getString("name"),
                OrderStatus.valueOf(rs.getString("status")), rs.getString("financial_status"),
                rs.getString("fulfillment_status"), rs.getString("currency"), rs.getBigDecimal("total_price"),
                rs.getString("customer_email"), instant(rs, "marketplace_created_at"),
                instant(rs, "marketplace_updated_at"), rs.getInt("revision"), rs.getString("last_event_id"),
                instant(rs, "first_applied_at"), instant(rs, "last_applied_at"), List.of());
    }
}
