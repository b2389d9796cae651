package io.channelhub.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One retention run: deletes expired idempotent keys, then expired reconciliation runs, a batch at a time with a pause
 * in between, until a batch comes back short. The bounds are fixed when the run starts, so rows written meanwhile are
 * never candidates and a run always ends. Counts every deleted row in {@code hub_retention_deleted_total{table}}.
 */
@Component("retentionJob")
public class RetentionJob {

    static final String IDEMPOTENT_KEYS_TABLE = "camel_messageprocessed";
    static final String RECONCILE_RUNS_TABLE = "reconcile_runs";
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ExpiredRows rows;
    private final RetentionProperties properties;
    private final Clock clock;
    private final Counter idempotentKeysDeleted;
    private final Counter reconcileRunsDeleted;

    public RetentionJob(ExpiredRows rows, RetentionProperties properties, Clock clock, MeterRegistry meters) {
        this.rows = rows;
        this.properties = properties;
        this.clock = clock;
        // registered up front: a dashboard sees 0, not "no data", before the first run
        this.idempotentKeysDeleted = deletedCounter(meters, IDEMPOTENT_KEYS_TABLE);
        this.reconcileRunsDeleted = deletedCounter(meters, RECONCILE_RUNS_TABLE);
    }

    /** For the schedule's filter: true when {@code hub.retention.enabled} is false. */
    public boolean switchedOff() {
        return !properties.enabled();
    }

    /** Deletes what has expired now; {@code trigger} names who asked, for the log line. */
    public RetentionResult run(String trigger) {
        Instant startedAt = clock.instant();
        Instant keysBefore = startedAt.minus(properties.idempotentKeys());
        Instant runsBefore = startedAt.minus(properties.reconcileRuns());
        Sweep keys = sweep(limit -> rows.idempotentKeys(keysBefore, limit), idempotentKeysDeleted);
        Sweep runs = keys.complete() ? sweep(limit -> rows.reconcileRuns(runsBefore, limit), reconcileRunsDeleted)
                : new Sweep(0, false);
        RetentionResult result = new RetentionResult(keys.deleted(), keysBefore, runs.deleted(), runsBefore,
                keys.complete() && runs.complete(), startedAt, clock.instant());
        log.info("retention ({}): deleted {} idempotent keys written before {} and {} reconciliation runs started before {}"
                        + " in {} ms{}", trigger, result.idempotentKeys(), keysBefore, result.reconcileRuns(), runsBefore,
                Duration.between(startedAt, result.finishedAt()).toMillis(),
                result.complete() ? "" : "; interrupted, the next run goes on");
        return result;
    }

    private Sweep sweep(Batch batch, Counter deleted) {
        long total = 0;
        while (true) {
            int count = batch.delete(properties.batchSize());
            total += count;
            deleted.increment(count);
            if (count < properties.batchSize()) {
                return new Sweep(total, true);
            }
            if (!pause()) {
                return new Sweep(total, false);
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(properties.pause().toMillis());
            return true;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Counter deletedCounter(MeterRegistry meters, String table) {
        return Counter.builder("hub.retention.deleted").description("rows deleted by retention").tag("table", table)
                .register(meters);
    }

    @FunctionalInterface
    private interface Batch {
        int delete(int limit);
    }

    private record Sweep(long deleted, boolean complete) {
    }
}
