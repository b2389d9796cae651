package io.channelhub.connector.control;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes this instance's processing routes match the switches. The {@code process} template is built not to start
 * (autoStartup false): the switches are read before Camel starts, and once it has, the routes of connectors that are
 * not paused are started here — so a hub starting with a paused connector never reads one of its events. From then
 * on, every {@code hub.ops.connectors.refresh} the table is read again and routes are started or stopped to match
 * (other instances' changes), and {@link #followNow()} does the same at once after a change made here.
 *
 * <p>Starting and stopping happen on one background thread: a graceful stop waits for the event in flight, retries
 * included (up to Camel's shutdown timeout, then camel-kafka's wait for its consumer threads), which no HTTP answer
 * should wait for, and one thread never races itself. A stop that times out cuts the event short: it is left
 * uncommitted, as when the hub stops (see {@code HubStoppingException}), and processed after the resume. Processing
 * resumes from the committed offsets, in order, deduplicated as always.
 */
@Component
public class ControlsFollower implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ControlsFollower.class);
    private static final String PROCESS_ROUTE = "process-";

    private final ConnectorRegistry connectors;
    private final ConnectorControls controls;
    private final ConnectorControlsProperties properties;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread named = new Thread(task, "connector-controls");
        named.setDaemon(true);
        return named;
    });
    private volatile CamelContext camel;

    public ControlsFollower(ConnectorRegistry connectors, ConnectorControls controls,
            ConnectorControlsProperties properties) {
        this.connectors = connectors;
        this.controls = controls;
        this.properties = properties;
    }

    /** Before any route runs: the stock routes ask the switches from their first round. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        refresh();
    }

    /** Starts the processing routes of connectors that are not paused, then follows the table. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        camel = camelContext;
        follow();
        long period = properties.refresh().toMillis();
        thread.scheduleWithFixedDelay(() -> {
            refresh();
            follow();
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Applies the switches as this instance knows them now, in the background. */
    public void followNow() {
        if (!thread.isShutdown()) {
            thread.execute(this::follow);
        }
    }

    /** Stops following before Camel stops its routes: a stopping hub must not start one again. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        thread.shutdownNow();
    }

    private void refresh() {
        try {
            controls.refresh();
        } catch (RuntimeException e) {
            // the routes stay as they are; without a first read no processing route is started at all
            log.warn("connector controls could not be read; routes keep their state until the next read: {}", e.toString());
        }
    }

    private void follow() {
        CamelContext context = camel;
        if (context == null || context.getStatus() != ServiceStatus.Started || !controls.loaded()) {
            return;
        }
        for (ConfiguredConnector connector : connectors.all()) {
            try {
                follow(context, connector.id());
            } catch (Exception e) {
                // the next round tries again; one connector's route must not keep the others from following
                log.warn("connector={} processing route could not be switched: {}", connector.id(), e.toString());
            }
        }
    }

    private void follow(CamelContext context, String connectorId) throws Exception {
        String routeId = PROCESS_ROUTE + connectorId;
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        if (status == null) {
            return;
        }
        boolean paused = controls.processingPaused(connectorId);
        if (paused && status.isStoppable()) {
            log.info("connector={} processing paused: stopping {} (the event in flight finishes)", connectorId, routeId);
            context.getRouteController().stopRoute(routeId);
            log.info("connector={} processing stopped; webhooks are still accepted and wait in Kafka", connectorId);
        } else if (!paused && status.isStartable()) {
            context.getRouteController().startRoute(routeId);
            log.info("connector={} processing started ({})", connectorId, routeId);
        }
    }
}
