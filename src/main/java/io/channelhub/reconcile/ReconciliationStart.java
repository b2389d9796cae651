package io.channelhub.reconcile;

import io.channelhub.connector.ConnectorRoutes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * First step of a run: opens its window. Since = the requested time (ops API), else the watermark minus the overlap,
 * else (first run) now minus the initial look-back; until = now, which becomes the watermark if every page is
 * enqueued and the window starts at or before what is already covered.
 */
@Component("reconciliationStart")
public class ReconciliationStart implements Processor {

    /** Message header with an explicit window start (an {@link Instant}), from the ops API. */
    public static final String SINCE_HEADER = "HubReconcileSince";
    /** Message header: {@code schedule} or {@code manual} (the default). */
    public static final String TRIGGER_HEADER = "HubReconcileTrigger";
    /** Exchange property the page loop runs on. */
    public static final String MORE_PAGES_PROPERTY = "hubMorePages";

    private final Watermarks watermarks;
    private final ReconcileProperties properties;
    private final Clock clock;

    public ReconciliationStart(Watermarks watermarks, ReconcileProperties properties, Clock clock) {
        this.watermarks = watermarks;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String connectorId = message.getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class);
        // the database keeps microseconds: a watermark must read back exactly as the run reported it
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant requested = message.getHeader(SINCE_HEADER, Instant.class);
        Optional<Instant> watermark = watermarks.find(connectorId);
        Instant covered = watermark.orElse(now.minus(properties.initialLookback()));
        Instant since = requested != null ? requested
                : watermark.map(mark -> mark.minus(properties.overlapOf(connectorId))).orElse(covered);
        Date fired = message.getHeader("scheduledFireTime", Date.class);
        String trigger = message.getHeader(TRIGGER_HEADER, "manual", String.class);
        exchange.setProperty(ReconciliationRun.PROPERTY, new ReconciliationRun(connectorId, trigger,
                fired == null ? null : fired.toInstant(), now, since, now, !since.isAfter(covered)));
        exchange.setProperty(MORE_PAGES_PROPERTY, true);
    }
}
