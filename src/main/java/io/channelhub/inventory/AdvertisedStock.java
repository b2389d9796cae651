package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which listings must be pushed. A change of a SKU marks every listing of it dirty and bumps its version, in the
 * changing transaction; a push clears the mark only if the version is still the one it read, so a change made while
 * a push was under way is pushed again. However many changes come in between, one push sends the latest value: that
 * is the coalescing.
 */
@Component
public class AdvertisedStock {

    /** A listing whose last push was answered "not now" waits for its next attempt time. */
    private static final String DUE = "AND (next_attempt_at IS NULL OR next_attempt_at <= ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AdvertisedStock(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every listing of the SKU needs a push. */
    void changed(String sku) {
        jdbc.update("UPDATE stock_advertised SET dirty = TRUE, version = version + 1 WHERE sku = ?", sku);
    }

    /** A new or changed listing needs a push. */
    void listed(String connectorId, String sku) {
        if (jdbc.update("UPDATE stock_advertised SET dirty = TRUE, version = version + 1 WHERE connector_id = ? AND sku = ?",
                connectorId, sku) == 0) {
            jdbc.update("INSERT INTO stock_advertised (connector_id, sku, version, dirty, attempts) VALUES (?, ?, 1, TRUE, 0)",
                    connectorId, sku);
        }
    }

    /**
     * Marks a listing for a push unless one is pending already (then the difference is a push still on its way, not
     * drift); true when it was marked now. What we last pushed is forgotten: the marketplace no longer shows it, so
     * the push must go out even though the value has not changed on our side.
     */
    boolean markIfSettled(String connectorId, String sku) {
        return jdbc.update("UPDATE stock_advertised SET dirty = TRUE, version = version + 1, pushed = NULL "
                + "WHERE connector_id = ? AND sku = ? AND dirty = FALSE", connectorId, sku) == 1;
    }

    /** Whether any listing of the connector waits for a push (a read, so idle rounds write nothing). */
    boolean anyPending(String connectorId) {
        return !jdbc.queryForList("SELECT sku FROM stock_advertised WHERE connector_id = ? AND dirty = TRUE " + DUE
                + " FETCH FIRST 1 ROWS ONLY", String.class, connectorId, timestamp(clock.instant())).isEmpty();
    }

    /** Up to {@code limit} listings of the connector due for a push (a large backlog is worked through in SKU order). */
    List<Pending> pending(String connectorId, int limit) {
        return jdbc.query("SELECT sku, version, pushed, attempts FROM stock_advertised WHERE connector_id = ? AND dirty = TRUE "
                        + DUE + " ORDER BY sku FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new Pending(connectorId, rs.getString(1), rs.getLong(2),
                        (Integer) rs.getObject(3), rs.getInt(4)), connectorId, timestamp(clock.instant()));
    }

    /** The push of {@code quantity} succeeded: clean unless the SKU changed again meanwhile. */
    void pushed(Pending pending, int quantity) {
        jdbc.update("UPDATE stock_advertised SET pushed = ?, pushed_at = ?, attempts = 0, last_error = NULL, next_attempt_at = NULL, "
                        + "dirty = CASE WHEN version = ? THEN FALSE ELSE TRUE END WHERE connector_id = ? AND sku = ?",
                quantity, timestamp(clock.instant()), pending.version(), pending.connectorId(), pending.sku());
    }

    /** The marketplace answered "not now" for this listing: one attempt more, and not before {@code next}. */
    void retryAt(Pending pending, String error, Instant next) {
        jdbc.update("UPDATE stock_advertised SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                + "WHERE connector_id = ? AND sku = ?", error, timestamp(next), pending.connectorId(), pending.sku());
    }

    /** The whole call failed (the marketplace down): remembered for people, no attempt of the listing's. */
    void callFailed(Pending pending, String error) {
        jdbc.update("UPDATE stock_advertised SET last_error = ? WHERE connector_id = ? AND sku = ?",
                error, pending.connectorId(), pending.sku());
    }

    /** The push can never succeed (or ran out of attempts): given up until the SKU changes again. */
    void abandoned(Pending pending, String error) {
        jdbc.update("UPDATE stock_advertised SET attempts = 0, last_error = ?, next_attempt_at = NULL, "
                        + "dirty = CASE WHEN version = ? THEN FALSE ELSE TRUE END WHERE connector_id = ? AND sku = ?",
                error, pending.version(), pending.connectorId(), pending.sku());
    }

    /** What was last pushed per connector for a SKU. */
    List<Pushed> pushedFor(String sku) {
        return jdbc.query("SELECT connector_id, pushed FROM stock_advertised WHERE sku = ? AND pushed IS NOT NULL",
                (rs, i) -> new Pushed(rs.getString(1), rs.getInt(2)), sku);
    }

    /** A listing waiting for a push. */
    record Pending(String connectorId, String sku, long version, Integer pushed, int attempts) {
    }

    record Pushed(String connectorId, int quantity) {
    }
}
