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
    private final boolean connectsToWatermark;
    private String cursor;
    private int pages;
    private int ordersFound;
    private int drift;

    ReconciliationRun(String connectorId, String trigger, Instant scheduledFireTime, Instant startedAt, Instant since,
            Instant until, boolean connectsToWatermark) {
        this.connectorId = connectorId;
        this.trigger = trigger;
        this.scheduledFireTime = scheduledFireTime;
        this.startedAt = startedAt;
        this.since = since;
        this.until = until;
        this.connectsToWatermark = connectsToWatermark;
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

    /**
     * Whether the window starts at or before what is already covered (the watermark, or the initial look-back when
     * there is none): only then may its end become the watermark without leaving a gap unread.
     */
    boolean connectsToWatermark() {
        return connectsToWatermark;
    }

    int pagesRead() {
        return pages;
    }

    ReconciliationSummary summary(ReconciliationSummary.Outcome outcome, Instant finishedAt, boolean watermarkAdvanced,
            String error) {
        return new ReconciliationSummary(connectorId, outcome, trigger, scheduledFireTime, since, until, startedAt,
                finishedAt, pages, ordersFound, drift, watermarkAdvanced, error);
    }
}
