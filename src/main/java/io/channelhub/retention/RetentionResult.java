package io.channelhub.retention;

import java.time.Instant;

/**
 * What one retention run deleted.
 *
 * @param idempotentKeys       idempotent keys deleted
 * @param idempotentKeysBefore the keys deleted were written before this
 * @param reconcileRuns        reconciliation runs deleted
 * @param reconcileRunsBefore  the runs deleted started before this
 * @param complete             false when the run was interrupted (the hub stopping) before it had deleted everything
 *                             expired; the next run goes on
 * @param startedAt            when the run started
 * @param finishedAt           when it finished
 */
public record RetentionResult(long idempotentKeys, Instant idempotentKeysBefore, long reconcileRuns,
        Instant reconcileRunsBefore, boolean complete, Instant startedAt, Instant finishedAt) {
}
