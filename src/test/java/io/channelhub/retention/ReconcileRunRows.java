package io.channelhub.retention;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reconciliation runs of any age, written straight into {@code reconcile_runs} as a run would record itself. */
final class ReconcileRunRows {

    private ReconcileRunRows() {
    }

    /** A run of the connector that started at {@code started} and took 30 s; answers its id. */
    static long insert(JdbcTemplate jdbc, String connectorId, String outcome, Instant started) {
        jdbc.update("INSERT INTO reconcile_runs (connector_id, trigger_kind, instance_id, started_at, finished_at, "
                        + "window_since, window_until, pages, orders_found, drift, outcome, watermark_advanced) "
                        + "VALUES (?, 'schedule', 'test', ?, ?, ?, ?, 1, 0, 0, ?, ?)", connectorId, timestamp(started),
                timestamp(started.plusSeconds(30)), timestamp(started.minus(Duration.ofMinutes(25))), timestamp(started),
                outcome, "SUCCEEDED".equals(outcome));
        return jdbc.queryForObject("SELECT MAX(id) FROM reconcile_runs WHERE connector_id = ?", Long.class, connectorId);
    }
}
