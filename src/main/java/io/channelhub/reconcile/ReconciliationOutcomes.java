package io.channelhub.reconcile;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
            Scheduler scheduler) throws SchedulerException {
        this.history = history;
        this.meters = meters;
        this.instanceId = scheduler.getSchedulerInstanceId();
        for (ConfiguredConnector connector : connectors.all()) {
            if (connector.marketplace().pollsOrders()) {
                registerGauges(connector.id());
            }
        }
    }

    void record(ReconciliationSummary run) {
        history.record(run, instanceId);
        String outcome = run.outcome().name().toLowerCase();
        meters.counter("hub.reconcile.runs", "connector", run.connectorId(), "outcome", outcome).increment();
        Timer.builder("hub.reconcile.duration").tag("connector", run.connectorId()).tag("outcome", outcome)
                .register(meters).record(run.duration());
        meters.counter("hub.reconcile.orders.polled", "connector", run.connectorId()).increment(run.ordersFound());
        meters.counter("hub.reconcile.drift.orders", "connector", run.connectorId()).increment(run.drift());
        if (run.outcome() == ReconciliationSummary.Outcome.SUCCEEDED) {
            log.info("connector={} reconciliation succeeded: window {} .. {}, {} pages, {} orders, drift {}, {} ms",
                    run.connectorId(), run.since(), run.until(), run.pages(), run.ordersFound(), run.drift(),
                    run.duration().toMillis());
        } else {
            log.warn("connector={} reconciliation failed after {} pages, {} orders (watermark unchanged; the next run "
                    + "repeats the window): {}", run.connectorId(), run.pages(), run.ordersFound(), run.error());
        }
    }

    private void registerGauges(String connectorId) {
        Gauge.builder("hub.reconcile.last.success", () -> history.lastSuccess(connectorId)
                        .map(run -> run.finishedAt().toEpochMilli() / 1000.0).orElse(Double.NaN))
                .tag("connector", connectorId).baseUnit("seconds")
                .description("When the connector's last successful reconciliation finished (epoch seconds)")
                .register(meters);
        Gauge.builder("hub.reconcile.drift", () -> history.lastSuccess(connectorId).map(run -> (double) run.drift())
                        .orElse(Double.NaN))
                .tag("connector", connectorId)
                .description("Orders the connector's last successful reconciliation found missing or older in the store")
                .register(meters);
    }
}
