package io.channelhub.ingest;

import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.control.ConnectorActivity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every webhook request's answer and latency, whoever gave it (a route, the body limit, no route at all):
 * {@code hub_webhooks_total{connector,outcome,status}} and the histogram {@code hub_webhook_ingest_seconds{connector}},
 * measured from the request's arrival to the end of the answer. A path that names no configured connector is
 * counted as connector {@code unknown}, so a scan of random URLs cannot grow the number of series. A 2xx answer to a
 * configured connector is also noted as its last webhook ({@link ConnectorActivity}): the one place that sees every
 * answer does it, rather than a step in every ingest route.
 */
final class IngestMetrics {

    private static final String PREFIX = "/webhooks/";
    private static final String UNKNOWN = "unknown";

    private final MeterRegistry meters;
    private final ConnectorRegistry connectors;
    private final ConnectorActivity activity;
    private final Map<String, Counter> answers = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry meters, ConnectorRegistry connectors, ConnectorActivity activity) {
        this.meters = meters;
        this.connectors = connectors;
        this.activity = activity;
    }

    /** First of all handlers: starts the clock and records the answer when the response ends. */
    void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::measure);
    }

    private void measure(RoutingContext ctx) {
        long started = System.nanoTime();
        String connector = connector(ctx.request().path());
        ctx.addEndHandler(ended -> {
            int status = ctx.response().getStatusCode();
            latency(connector).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            answer(connector, status).increment();
            if (status / 100 == 2 && !UNKNOWN.equals(connector)) {
                activity.webhookAccepted(connector);
            }
        });
        ctx.next();
    }

    private String connector(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return UNKNOWN;
        }
        String id = path.substring(PREFIX.length());
        int slash = id.indexOf('/');
        id = slash < 0 ? id : id.substring(0, slash);
        return connectors.find(id).isPresent() ? id : UNKNOWN;
    }

    private Timer latency(String connector) {
        return latencies.computeIfAbsent(connector, id -> Timer.builder("hub.webhook.ingest")
                .description("webhook request to answer, as the sender waits for it").tag("connector", id)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(meters));
    }

    private Counter answer(String connector, int status) {
        return answers.computeIfAbsent(connector + ' ' + status, key -> Counter.builder("hub.webhooks")
                .description("webhook requests by answer").tag("connector", connector).tag("outcome", outcome(status))
                .tag("status", Integer.toString(status)).register(meters));
    }

    static String outcome(int status) {
        return switch (status) {
            case 200, 202, 204 -> "accepted";
            case 401, 403, 412 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "error" : "refused";
        };
    }
}
