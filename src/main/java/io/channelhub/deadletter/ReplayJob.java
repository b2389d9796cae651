package io.channelhub.deadletter;

import java.time.Instant;

/**
 * A bulk replay as people follow it.
 *
 * @param status   RUNNING, FINISHED, CANCELLED, FAILED, or INTERRUPTED (RUNNING on an instance that stopped)
 * @param total    dead letters that matched the filter when the job started
 * @param replayed sent back into the pipeline
 * @param skipped  no longer replayable when their turn came (resolved meanwhile)
 * @param failed   could not be sent (e.g. the broker was down); they keep their state
 */
public record ReplayJob(long id, DeadLetterFilter filter, String status, int total, int replayed, int skipped,
        int failed, boolean cancelRequested, String createdBy, Instant createdAt, Instant updatedAt,
        Instant finishedAt, String errorMessage) {
}
