package io.channelhub.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * What one reconciliation run did: the answer of the ops endpoint, a row of the run history and a log line.
 *
 * @param connectorId       the connector instance
 * @param outcome           SUCCEEDED (every page enqueued, watermark moved) or FAILED (watermark unchanged)
 * @param trigger           {@code schedule} or {@code manual}
 * @param scheduledFireTime for scheduled runs, the time the schedule fired for (null for manual runs)
 * @param since             start of the window read (changes at or after it)
 * @param until             end of the window: the watermark after a successful run
 * @param startedAt         when the run started
 * @param finishedAt        when it ended
 * @param pages             pages read from the marketplace
 * @param ordersFound       orders listed on those pages (each one enqueued on success)
 * @param drift             orders that the store lacked or held in an older version: webhooks missed or late
 * @param watermarkAdvanced whether the watermark moved to {@code until}: only a successful run whose window starts at
 *                          or before the watermark moves it (a manual run of a later window leaves the gap before it
 *                          to the next scheduled run)
 * @param error             why a failed run failed, else null
 */
public record ReconciliationSummary(String connectorId, Outcome outcome, String trigger, Instant scheduledFireTime,
        Instant since, Instant until, Instant startedAt, Instant finishedAt, int pages, int ordersFound, int drift,
        boolean watermarkAdvanced, String error) {

    public enum Outcome {
        SUCCEEDED, FAILED
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
