package io.channelhub.reconcile;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import java.text.ParseException;
import java.util.Date;
import org.quartz.CronExpression;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Where a finished run goes: the history table, the metrics and one summary log line. Gauges read the history, so
 * "last success" and "drift" are the cluster's, not this instance's.
 */
@Component
public class ReconciliationOutcomes {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationOutcomes.class);

    private final ReconciliationHistory history;
    private final MeterRegistry meters;
    private final String instanceId;

    public ReconciliationOutcomes(ReconciliationHistory history, MeterRegistry meters, ConnectorRegistry connectors,
            Scheduler scheduler, ReconcileProperties properties) throws SchedulerException {
        this.history = history;
        this.meters = meters;
        this.instanceId = scheduler.getSchedulerInstanceId();
        for (ConfiguredConnector connector : connectors.all()) {
            if (connector.reconciles()) {
                registerGauges(connector.id());
                if (properties.scheduled(connector.id())) {
                    registerInterval(connector.id(), properties.scheduleOf(connector.id()));
                }
            }
        }
    }

    void record(ReconciliationSummary run) {
        // counted and logged before it is stored: a run that fails because the database is down must still be seen
        String outcome = run.outcome().name().toLowerCase(Locale.ROOT);
        meters.counter("hub.reconcile.runs", "connector", run.connectorId(), "outcome", outcome).increment();
        Timer.builder("hub.reconcile.duration").tag("connector", run.connectorId()).tag("outcome", outcome)
                .register(meters).record(run.duration());
        meters.counter("hub.reconcile.orders.polled", "connector", run.connectorId()).increment(run.ordersFound());
        meters.counter("hub.reconcile.drift.orders", "connector", run.connectorId()).increment(run.drift());
        if (run.outcome() == ReconciliationSummary.Outcome.SUCCEEDED) {
            log.info("connector={} reconciliation succeeded: window {} .. {}, {} pages, {} orders, drift {}, {} ms{}",
                    run.connectorId(), run.since(), run.until(), run.pages(), run.ordersFound(), run.drift(),
                    run.duration().toMillis(), run.watermarkAdvanced() ? ""
                            : " (window starts after the watermark: watermark left for the scheduled runs)");
        } else {
            log.warn("connector={} reconciliation failed after {} pages, {} orders (watermark unchanged; the next run "
                    + "repeats the window): {}", run.connectorId(), run.pages(), run.ordersFound(), run.error());
        }
        try {
            history.record(run, instanceId);
        } catch (DataAccessException e) {
            log.warn("connector={} reconciliation run could not be recorded in the history: {}", run.connectorId(), e.toString());
        }
    }

    /** A run whose window could not even be opened (the database unreachable). */
    void notStarted(String connectorId, Throwable cause) {
        meters.counter("hub.reconcile.runs", "connector", String.valueOf(connectorId), "outcome", "not_started").increment();
        log.warn("connector={} reconciliation could not start: {}", connectorId, String.valueOf(cause));
    }

    /**
     * The longest gap between two scheduled runs of the connector (over its next hundred), so "no success for two
     * intervals" can be an alert rule whatever the schedule; absent for a connector that is not scheduled.
     */
    private void registerInterval(String connectorId, String schedule) {
        double seconds;
        try {
            CronExpression cron = new CronExpression(schedule);
            Date previous = cron.getNextValidTimeAfter(new Date());
            long longest = 0;
            for (int i = 0; i < 100 && previous != null; i++) {
                Date next = cron.getNextValidTimeAfter(previous);
                if (next != null) {
                    longest = Math.max(longest, next.getTime() - previous.getTime());
                }
                previous = next;
            }
            seconds = longest / 1000.0;
        } catch (ParseException e) {
            // the schedule route refuses the same expression at start; nothing sensible to publish
            return;
        }
        Gauge.builder("hub.reconcile.interval", () -> seconds).tag("connector", connectorId).baseUnit("seconds")
                .description("The longest gap between two scheduled reconciliations of the connector").register(meters);
    }

    private void registerGauges(String connectorId) {
        // 0 (1970), not NaN, for a connector that never succeeded: an "older than two intervals" alert must fire
        Gauge.builder("hub.reconcile.last.success", () -> history.lastSuccess(connectorId)
                        .map(run -> run.finishedAt().toEpochMilli() / 1000.0).orElse(0.0))
                .tag("connector", connectorId).baseUnit("seconds")
                .description("When the connector's last successful reconciliation finished (epoch seconds; 0: never)")
                .register(meters);
        Gauge.builder("hub.reconcile.drift", () -> history.lastSuccess(connectorId).map(run -> (double) run.drift())
                        .orElse(Double.NaN))
                .tag("connector", connectorId)
                .description("Orders the connector's last successful reconciliation found missing or older in the store")
                .register(meters);
    }
}
