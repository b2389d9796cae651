package io.channelhub.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retention ({@code hub.retention}): how long the hub keeps the rows it deletes on its own.
 *
 * @param enabled        whether the schedule deletes anything (an operator's {@code POST /ops/retention/run} always
 *                       does); default true
 * @param schedule       Quartz cron expression, seconds first; default hourly at minute 5, away from the quarter hours
 *                       reconciliation and stock reconciliation fire on by default
 * @param idempotentKeys how long an applied event's key is kept; default 7 days. It must outlast the longest time a
 *                       sender may deliver one event again (generic senders such as Stripe retry for 3 days, Amazon's
 *                       EventBridge for 24 h, Shopify for 4 h, Bol.com for 10 minutes). At least 1 hour, so
 *                       that a unit-less typo ("7" is 7 ms) cannot empty the table
 * @param reconcileRuns  how long reconciliation runs are kept (the history operators read, the drift gauges); default
 *                       30 days; at least 1 day. A connector's latest run and latest successful run are always kept
 * @param batchSize      rows one DELETE statement removes at most, each in its own short transaction; default 1,000
 * @param pause          the wait between two batches, so the database serves other work in between; default 100 ms
 */
@Validated
@ConfigurationProperties("hub.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("0 5 * * * ?") @NotBlank String schedule,
        @DefaultValue("7d") @DurationMin(hours = 1) Duration idempotentKeys,
        @DefaultValue("30d") @DurationMin(days = 1) Duration reconcileRuns,
        @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize,
        @DefaultValue("100ms") @DurationMin(millis = 0) @DurationMax(minutes = 1) Duration pause) {
}
