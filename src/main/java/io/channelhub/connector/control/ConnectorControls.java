package io.channelhub.connector.control;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The connector switches: changed here (stored and audited in one transaction), and known in memory for the routes
 * that ask on every round ({@code stock-push} and {@code stock-reconcile} ask {@link #stockPushesDisabled}). The memory
 * is this instance's copy of the table, renewed by {@link ControlsFollower}; a change made here is in it at once.
 */
@Component("connectorControls")
public class ConnectorControls {

    private static final Logger log = LoggerFactory.getLogger(ConnectorControls.class);

    private final ConnectorControlStore store;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Object lock = new Object();
    private Map<String, ConnectorControl> known = Map.of();
    private boolean loaded;
    /** Changes made here since the start; a re-read begun before one of them must not overwrite it. */
    private long localChanges;

    public ConnectorControls(ConnectorControlStore store, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Flips a switch and answers the stored result. The audit entry holds the switches before and after, and the
     * reason as its detail; flipping a switch to where it already is is recorded too (someone meant it).
     */
    public ConnectorControl change(OpsPrincipal who, String connectorId, ControlAction action, String reason) {
        store.ensureRow(connectorId, clock.instant());
        ConnectorControl after = transactions.execute(status -> {
            ConnectorControl before = store.lock(connectorId);
            ConnectorControl changed = action.applyTo(before, reason, who.name(), clock.instant());
            store.update(changed);
            audit.record(who, action.auditName(), "connector", connectorId, Switches.of(before), Switches.of(changed),
                    reason);
            return changed;
        });
        synchronized (lock) {
            Map<String, ConnectorControl> next = new HashMap<>(known);
            next.put(connectorId, after);
            known = Map.copyOf(next);
            localChanges++;
        }
        log.info("connector={} {} by {}: processingPaused={} stockPushesDisabled={}", connectorId, action.auditName(),
                who.name(), after.processingPaused(), after.stockPushesDisabled());
        return after;
    }

    /** The stored switches of the connector, read now (not this instance's copy). */
    public ConnectorControl stored(String connectorId) {
        return store.find(connectorId).orElseGet(() -> ConnectorControl.normal(connectorId));
    }

    /** Every connector's stored switches, read now; connectors never switched are absent. */
    public Map<String, ConnectorControl> storedAll() {
        return store.all();
    }

    /** Reads the table into this instance's copy. Throws when the database cannot be read; the copy stays as it was. */
    void refresh() {
        long changesBefore;
        synchronized (lock) {
            changesBefore = localChanges;
        }
        Map<String, ConnectorControl> read = store.all();
        synchronized (lock) {
            if (localChanges == changesBefore) {
                known = Map.copyOf(read);
            } else {
                // a change made here while the table was read may be newer than what was read: it wins until the
                // next read, which has it
                Map<String, ConnectorControl> merged = new HashMap<>(read);
                merged.putAll(known);
                known = Map.copyOf(merged);
            }
            loaded = true;
        }
    }

    /** Whether the table was read at least once: before that nothing is known, not even that nothing is paused. */
    boolean loaded() {
        synchronized (lock) {
            return loaded;
        }
    }

    /** Whether the connector's processing is paused, as this instance knows it. */
    public boolean processingPaused(String connectorId) {
        return current(connectorId).processingPaused();
    }

    /**
     * Whether the connector's stock pushes are disabled, as this instance knows it; asked by the stock routes every
     * round. Until the table could be read they count as disabled: a push must never go out against a switch.
     */
    public boolean stockPushesDisabled(String connectorId) {
        return !loaded() || current(connectorId).stockPushesDisabled();
    }

    private ConnectorControl current(String connectorId) {
        Map<String, ConnectorControl> now;
        synchronized (lock) {
            now = known;
        }
        return now.getOrDefault(connectorId, ConnectorControl.normal(connectorId));
    }

    /** The switches as the audit log records them: who and when are the audit entry's own. */
    record Switches(boolean processingPaused, boolean stockPushesDisabled, String reason) {

        static Switches of(ConnectorControl control) {
            return new Switches(control.processingPaused(), control.stockPushesDisabled(), control.reason());
        }
    }
}
