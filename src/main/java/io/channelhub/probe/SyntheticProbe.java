package io.channelhub.probe;

import io.channelhub.connector.InternalConnector;
import io.channelhub.connector.standardwebhooks.StandardWebhooksSignatureVerifier;
import io.channelhub.ingest.IngestServerConfiguration.IngestServer;
import io.channelhub.order.OrderStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends a signed synthetic order to this instance's own webhook port and waits until it is in the order store:
 * the path a marketplace's order takes, end to end, measured. Publishes {@code hub_synthetic_probe_success} (1 or 0,
 * the last probe; absent before the first), {@code hub_synthetic_probe_latency_seconds} (the last successful one) and
 * {@code hub_synthetic_probe_last_success_seconds} (epoch seconds, 0 if none yet). The order is removed once seen.
 */
@Component
@ConditionalOnProperty(name = "hub.probe.enabled", havingValue = "true", matchIfMissing = true)
public class SyntheticProbe {

    private static final Logger log = LoggerFactory.getLogger(SyntheticProbe.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final ProbeProperties properties;
    private final InternalConnector connector;
    private final IngestServer ingest;
    private final OrderStore orders;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String instance = HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits()).substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<ProbeResult> last = new AtomicReference<>();
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(0.0);
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "synthetic-probe");
        thread.setDaemon(true);
        return thread;
    });

    public SyntheticProbe(ProbeProperties properties, InternalConnector probeConnector, IngestServer ingest,
            OrderStore orders, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.connector = probeConnector;
        this.ingest = ingest;
        this.orders = orders;
        this.clock = clock;
        Gauge.builder("hub.synthetic.probe.success", () -> last.get() == null ? Double.NaN : last.get().success() ? 1 : 0)
                .description("1 when the last synthetic probe's order was applied in time, 0 when not").register(meters);
        Gauge.builder("hub.synthetic.probe.latency", () -> last.get() == null || !last.get().success() ? Double.NaN
                        : last.get().latency().toNanos() / 1e9).baseUnit("seconds")
                .description("webhook sent to order applied, the last successful probe").register(meters);
        Gauge.builder("hub.synthetic.probe.last.success", lastSuccess::get).baseUnit("seconds")
                .description("when a probe last succeeded (epoch seconds; 0: never)").register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startSchedule() {
        long every = properties.interval().toMillis();
        // the first after one interval: a starting instance is still catching up with its backlog
        schedule.scheduleWithFixedDelay(this::probeQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("synthetic probe every {} on connector={}", properties.interval(), connector.id());
    }

    /** Runs one probe now and returns its result (also what the metrics show next). */
    public synchronized ProbeResult probe() {
        Instant started = clock.instant();
        long begin = System.nanoTime();
        String orderId = prefix() + sequence.incrementAndGet();
        ProbeResult result;
        try {
            int status = send(orderId, started);
            if (status != 200) {
                result = new ProbeResult(started, false, null, "the webhook was answered " + status);
            } else if (awaitApplied(orderId, begin)) {
                result = new ProbeResult(started, true, Duration.ofNanos(System.nanoTime() - begin), null);
                lastSuccess.set(clock.millis() / 1000.0);
            } else {
                result = new ProbeResult(started, false, null, "not applied within " + properties.timeout());
            }
        } catch (IOException e) {
            result = new ProbeResult(started, false, null, "the webhook could not be sent: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new ProbeResult(started, false, null, "interrupted");
        } finally {
            // this probe's order and any earlier one of this instance applied after its probe gave up
            orders.removeStartingWith(connector.id(), prefix());
        }
        last.set(result);
        if (!result.success()) {
            log.warn("connector={} synthetic probe failed: {}", connector.id(), result.error());
        }
        return result;
    }

    /** Ids of this instance's probe orders start with it; other instances' probes are left alone. */
    private String prefix() {
        return "probe-" + instance + "-";
    }

    private int send(String orderId, Instant now) throws IOException, InterruptedException {
        String eventId = "msg_" + orderId;
        String timestamp = Long.toString(now.getEpochSecond());
        byte[] body = ("{\"type\":\"order.created\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"" + orderId
                + "\",\"updatedAt\":\"" + now + "\",\"name\":\"synthetic probe\",\"status\":\"open\",\"lines\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/webhooks/"
                        + connector.id())).timeout(properties.timeout())
                .header("Content-Type", "application/json").header("webhook-id", eventId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", StandardWebhooksSignatureVerifier.sign(connector.settings().secret(), eventId,
                        timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private boolean awaitApplied(String orderId, long begin) throws InterruptedException {
        long deadline = begin + properties.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (orders.find(connector.id(), orderId).isPresent()) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private void probeQuietly() {
        try {
            probe();
        } catch (RuntimeException e) {
            // the database down, say: the probe failed, and the schedule must go on
            last.set(new ProbeResult(clock.instant(), false, null, e.toString()));
            log.warn("connector={} synthetic probe failed: {}", connector.id(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        schedule.shutdownNow();
    }
}
