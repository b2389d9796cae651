package io.channelhub.process;

import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.control.ConnectorActivity;
import io.channelhub.ingest.IngestHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * After an event's transaction committed: how long it took from the hub accepting it to its effect being stored
 * ({@code hub_event_processing_seconds{connector,source}}, the queue wait included), whether the idempotent
 * repository skipped it as a duplicate ({@code hub_dedupe_hits_total{connector}}), and that the connector's last event
 * was just finished ({@link ConnectorActivity}). Meters are built once per connector, not per event.
 */
@Component("processingMetrics")
public class ProcessingMetrics implements Processor {

    private final MeterRegistry meters;
    private final ConnectorActivity activity;
    private final Clock clock;
    private final Map<String, Counter> dedupeHits = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    public ProcessingMetrics(MeterRegistry meters, ConnectorActivity activity, Clock clock) {
        this.meters = meters;
        this.activity = activity;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        InboundEvent event = exchange.getProperty(InboundEventReader.EVENT_PROPERTY, InboundEvent.class);
        if (event == null) {
            return;
        }
        activity.eventApplied(event.connectorId());
        if (exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)) {
            dedupeHits.computeIfAbsent(event.connectorId(),
                    connector -> meters.counter("hub.dedupe.hits", "connector", connector)).increment();
        }
        if (event.receivedAt() != null) {
            String source = IngestHeaders.SOURCE_RECONCILE.equals(event.headers().get(IngestHeaders.SOURCE))
                    ? "reconcile" : "webhook";
            latencies.computeIfAbsent(event.connectorId() + ' ' + source, key -> latency(event.connectorId(), source))
                    .record(Duration.between(event.receivedAt(), clock.instant()));
        }
    }

    private Timer latency(String connector, String source) {
        return Timer.builder("hub.event.processing").description("accepted by the hub to applied")
                .tag("connector", connector).tag("source", source).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }
}
