package io.channelhub.reconcile;

import java.time.Instant;

/**
 * The state of one reconciliation run while its route pages through the marketplace (an exchange property). Not
 * shared between threads: one run is one exchange.
 */
public final class ReconciliationRun {

    /** Exchange property holding the run. */
    public static final String PROPERTY = "hubReconciliation";

    private final String connectorId;
    private final String trigger;
    private final Instant scheduledFireTime;
    private final Instant startedAt;
    private final Instant since;
    private final Instant until;
    private String cursor;
    private int pages;
    private int ordersFound;
    private int drift;

    ReconciliationRun(String connectorId, String trigger, Instant scheduledFireTime, Instant startedAt, Instant since,
            Instant until) {
        this.connectorId = connectorId;
        this.trigger = trigger;
        this.scheduledFireTime = scheduledFireTime;
        this.startedAt = startedAt;
        this.since = since;
        this.until = until;
    }

    void pageRead(String nextCursor, int orders, int drifted) {
        cursor = nextCursor;
        pages++;
        ordersFound += orders;
        drift += drifted;
    }

    String connectorId() {
        return connectorId;
    }

    Instant since() {
        return since;
    }

    Instant until() {
        return until;
    }

    String cursor() {
        return cursor;
    }

    int pagesRead() {
        return pages;
    }

    ReconciliationSummary summary(ReconciliationSummary.Outcome outcome, Instant finishedAt, String error) {
        return new ReconciliationSummary(connectorId, outcome, trigger, scheduledFireTime, since, until, startedAt,
                finishedAt, pages, ordersFound, drift, error);
    }
}
