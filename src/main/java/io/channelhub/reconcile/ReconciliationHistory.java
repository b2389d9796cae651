package io.channelhub.reconcile;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every reconciliation run, whichever instance ran it. The table, not this instance's memory, answers "when did the
 * connector last reconcile and what did it find", so every instance reports the same.
 */
@Component
public class ReconciliationHistory {

    private final JdbcTemplate jdbc;

    public ReconciliationHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(ReconciliationSummary run, String instanceId) {
        jdbc.update("INSERT INTO reconcile_runs (connector_id, trigger_kind, scheduled_fire_time, instance_id, started_at, "
                        + "finished_at, window_since, window_until, pages, orders_found, drift, outcome, watermark_advanced, "
                        + "error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.connectorId(), run.trigger(), timestamp(run.scheduledFireTime()), instanceId,
                timestamp(run.startedAt()), timestamp(run.finishedAt()), timestamp(run.since()), timestamp(run.until()),
                run.pages(), run.ordersFound(), run.drift(), run.outcome().name(), run.watermarkAdvanced(), run.error());
    }

    /** The connector's latest runs, newest first. */
    public List<ReconciliationSummary> recent(String connectorId, int limit) {
        return jdbc.query("SELECT * FROM reconcile_runs WHERE connector_id = ? ORDER BY started_at DESC, id DESC "
                + "FETCH FIRST " + Math.max(1, Math.min(limit, 500)) + " ROWS ONLY", (rs, i) -> row(rs), connectorId);
    }

    /** The connector's latest successful run. */
    public Optional<ReconciliationSummary> lastSuccess(String connectorId) {
        return jdbc.query("SELECT * FROM reconcile_runs WHERE connector_id = ? AND outcome = 'SUCCEEDED' "
                + "ORDER BY finished_at DESC, id DESC FETCH FIRST 1 ROWS ONLY", (rs, i) -> row(rs), connectorId)
                .stream().findFirst();
    }

    private static ReconciliationSummary row(ResultSet rs) throws SQLException {
        return new ReconciliationSummary(rs.getString("connector_id"),
                ReconciliationSummary.Outcome.valueOf(rs.getString("outcome")), rs.getString("trigger_kind"),
                instant(rs, "scheduled_fire_time"), instant(rs, "window_since"), instant(rs, "window_until"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getInt("pages"), rs.getInt("orders_found"),
                rs.getInt("drift"), rs.getBoolean("watermark_advanced"), rs.getString("error_message"));
    }
}
