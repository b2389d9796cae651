package io.channelhub.retention;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The DELETE statements of retention, one bounded batch each. Every statement deletes the rows a bounded SELECT picks,
 * by primary key, so it locks at most {@code limit} rows for the moment it runs (no transaction around a batch: each
 * commits on its own). Written once for H2 and PostgreSQL, which both accept a subquery with {@code FETCH FIRST n
 * ROWS ONLY} inside {@code IN}; a plain {@code DELETE ... LIMIT} is neither standard nor accepted by PostgreSQL.
 */
@Component
public class ExpiredRows {

    private static final String IDEMPOTENT_KEYS = "DELETE FROM CAMEL_MESSAGEPROCESSED WHERE (processorName, messageId) IN "
            + "(SELECT processorName, messageId FROM CAMEL_MESSAGEPROCESSED WHERE createdAt < ? FETCH FIRST ? ROWS ONLY)";

    // the two EXISTS keep what ReconciliationHistory reads as a connector's latest run (by started_at, then id) and
    // latest success (by finished_at, then id): the overview and the last-success and drift gauges stay right for a
    // connector that has not reconciled within the window
    private static final String RECONCILE_RUNS = "DELETE FROM reconcile_runs WHERE id IN (SELECT r.id FROM reconcile_runs r "
            + "WHERE r.started_at < ? "
            + "AND EXISTS (SELECT 1 FROM reconcile_runs n WHERE n.connector_id = r.connector_id "
            + "AND (n.started_at > r.started_at OR (n.started_at = r.started_at AND n.id > r.id))) "
            + "AND (r.outcome <> 'SUCCEEDED' OR EXISTS (SELECT 1 FROM reconcile_runs s WHERE s.connector_id = r.connector_id "
            + "AND s.outcome = 'SUCCEEDED' AND (s.finished_at > r.finished_at OR (s.finished_at = r.finished_at AND s.id > r.id)))) "
            + "FETCH FIRST ? ROWS ONLY)";

    private final JdbcTemplate jdbc;

    public ExpiredRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes at most {@code limit} idempotent keys written before {@code before}. camel-sql writes {@code createdAt}
     * as a {@link Timestamp} of the JVM's clock in a column without a time zone, so the bound is passed the same way.
     */
    public int idempotentKeys(Instant before, int limit) {
        return jdbc.update(IDEMPOTENT_KEYS, Timestamp.from(before), limit);
    }

    /** Deletes at most {@code limit} reconciliation runs started before {@code before}, but never a connector's latest. */
    public int reconcileRuns(Instant before, int limit) {
        return jdbc.update(RECONCILE_RUNS, timestamp(before), limit);
    }
}
