package io.channelhub.process;

import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.IngestHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * After an event's transaction committed: how long it took from the hub accepting it to its effect being stored
 * ({@code hub_event_processing_seconds{connector,source}}, the queue wait included), and whether the idempotent
 * repository skipped it as a duplicate ({@code hub_dedupe_hits_total{connector}}).
 */
@Component("processingMetrics")
public class ProcessingMetrics implements Processor {

    private final MeterRegistry meters;
    private final Clock clock;

    public ProcessingMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        if (event == null) {
            return;
        }
        if (exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)) {
            meters.counter("hub.dedupe.hits", "connector", event.connectorId()).increment();
        }
        if (event.receivedAt() != null) {
            String source = IngestHeaders.SOURCE_RECONCILE.equals(event.headers().get(IngestHeaders.SOURCE))
                    ? "reconcile" : "webhook";
            Timer.builder("hub.event.processing").description("accepted by the hub to applied")
                    .tag("connector", event.connectorId()).tag("source", source).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(meters).record(Duration.between(event.receivedAt(), clock.instant()));
        }
    }
}
