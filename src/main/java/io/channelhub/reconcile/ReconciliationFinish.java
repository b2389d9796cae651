package io.channelhub.reconcile;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Last step of a run that enqueued its whole window: moves the watermark (unless the window starts after it: a manual
 * run of only the last minutes must not let the next scheduled run skip the hours before) and records the run.
 */
@Component("reconciliationFinish")
public class ReconciliationFinish implements Processor {

    private final Watermarks watermarks;
    private final ReconciliationOutcomes outcomes;
    private final Clock clock;

    public ReconciliationFinish(Watermarks watermarks, ReconciliationOutcomes outcomes, Clock clock) {
        this.watermarks = watermarks;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        ReconciliationRun run = exchange.getProperty(ReconciliationRun.PROPERTY, ReconciliationRun.class);
        if (run.connectsToWatermark()) {
            watermarks.advance(run.connectorId(), run.until());
        }
        ReconciliationSummary summary = run.summary(ReconciliationSummary.Outcome.SUCCEEDED, clock.instant(),
                run.connectsToWatermark(), null);
        outcomes.record(summary);
        exchange.getMessage().setBody(summary);
    }
}
