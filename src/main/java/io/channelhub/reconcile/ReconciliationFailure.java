package io.channelhub.reconcile;

import io.channelhub.connector.ConnectorRoutes;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** A run that failed (a page could not be read or enqueued): recorded and counted; the watermark stays where it was. */
@Component("reconciliationFailure")
public class ReconciliationFailure implements Processor {

    private final ReconciliationOutcomes outcomes;
    private final Clock clock;

    public ReconciliationFailure(ReconciliationOutcomes outcomes, Clock clock) {
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ReconciliationRun run = exchange.getProperty(ReconciliationRun.PROPERTY, ReconciliationRun.class);
        if (run == null) {
            // the window could not even be opened (database down): counted and logged, nothing to record it in
            outcomes.notStarted(exchange.getMessage().getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class), cause);
            throw new IllegalStateException("reconciliation could not start", cause);
        }
        ReconciliationSummary summary = run.summary(ReconciliationSummary.Outcome.FAILED, clock.instant(), false,
                cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        outcomes.record(summary);
        exchange.getMessage().setBody(summary);
    }
}
