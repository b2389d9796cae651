package io.channelhub.connector.control;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code connector_controls} table: one row per connector someone ever switched. */
@Component
class ConnectorControlStore {

    /** Who wrote a row that only holds the normal state, made for a change to lock. */
    private static final String HUB = "hub";

    private final JdbcTemplate jdbc;

    ConnectorControlStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, ConnectorControl> all() {
        Map<String, ConnectorControl> all = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM connector_controls ORDER BY connector_id", rs -> {
            ConnectorControl control = row(rs);
            all.put(control.connectorId(), control);
        });
        return all;
    }

    Optional<ConnectorControl> find(String connectorId) {
        return jdbc.query("SELECT * FROM connector_controls WHERE connector_id = ?", (rs, i) -> row(rs), connectorId)
                .stream().findFirst();
    }

    /**
     * Makes sure the connector has a row (its normal state) that a change can lock. Outside the change's transaction:
     * a duplicate key there would abort a PostgreSQL transaction, here it only means another instance was first.
     */
    void ensureRow(String connectorId, Instant at) {
        try {
            jdbc.update("INSERT INTO connector_controls (connector_id, processing_paused, stock_pushes_disabled, reason, "
                    + "updated_by, updated_at) SELECT ?, FALSE, FALSE, NULL, ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM connector_controls WHERE connector_id = ?)", connectorId, HUB, timestamp(at), connectorId);
        } catch (DuplicateKeyException raced) {
            // the row is there, which is all this wanted
        }
    }

    /** The connector's row, locked until the transaction ends: two changes at once see each other's result. */
    ConnectorControl lock(String connectorId) {
        return jdbc.queryForObject("SELECT * FROM connector_controls WHERE connector_id = ? FOR UPDATE",
                (rs, i) -> row(rs), connectorId);
    }

    void update(ConnectorControl control) {
        jdbc.update("UPDATE connector_controls SET processing_paused = ?, stock_pushes_disabled = ?, reason = ?, "
                        + "updated_by = ?, updated_at = ? WHERE connector_id = ?",
                control.processingPaused(), control.stockPushesDisabled(), control.reason(), control.updatedBy(),
                timestamp(control.updatedAt()), control.connectorId());
    }

    private static ConnectorControl row(ResultSet rs) throws SQLException {
        return new ConnectorControl(rs.getString("connector_id"), rs.getBoolean("processing_paused"),
                rs.getBoolean("stock_pushes_disabled"), rs.getString("reason"), rs.getString("updated_by"),
                instant(rs, "updated_at"));
    }
}
