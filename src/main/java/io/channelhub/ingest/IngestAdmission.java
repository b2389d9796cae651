package io.channelhub.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sheds load before it piles up. A webhook request that arrives while {@code hub.ingest.max-in-flight} others are
 * being handled (read, verified, or waiting for the broker's acknowledgement), or whose body would take the bodies in
 * flight past {@code hub.ingest.max-in-flight-bytes}, is answered 503 with {@code Retry-After} at once, before its body
 * is read: the sender retries later, as marketplaces do on a 503. Without a bound, an arrival rate above what the
 * broker acknowledges would queue requests until latency passes every sender's timeout, and bodies (which anyone can
 * send: signatures are checked once a body is read) would fill the heap. A body counts with its Content-Length, or
 * with the largest accepted size when it has none (chunked). The numbers in flight are the gauges
 * {@code hub_webhooks_in_flight} and {@code hub_webhooks_in_flight_bytes}.
 */
final class IngestAdmission {

    private final int maxRequests;
    private final long maxBytes;
    private final long maxBodySize;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();

    IngestAdmission(IngestProperties properties, MeterRegistry meters) {
        this.maxRequests = properties.maxInFlight();
        this.maxBytes = properties.maxInFlightBytes().toBytes();
        this.maxBodySize = properties.maxBodySize().toBytes();
        Gauge.builder("hub.webhooks.in.flight", inFlight, AtomicInteger::get)
                .description("webhook requests being read, verified or stored (hub.ingest.max-in-flight)").register(meters);
        Gauge.builder("hub.webhooks.in.flight.bytes", inFlightBytes, AtomicLong::get)
                .description("their declared body sizes (hub.ingest.max-in-flight-bytes)").register(meters);
    }

    /** Right after the metrics handler, so a shed request is counted and timed like any other. */
    void install(Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        long bytes = declaredBodySize(ctx.request().getHeader("Content-Length"));
        boolean tooMany = inFlight.incrementAndGet() > maxRequests;
        boolean tooLarge = inFlightBytes.addAndGet(bytes) > maxBytes;
        if (tooMany || tooLarge) {
            release(bytes);
            // the body is never read, so the connection cannot carry a next request: it closes after the answer
            ctx.response().putHeader("Retry-After", "1").putHeader("Connection", "close");
            IngestErrorAnswers.answer(ctx, 503, "overloaded: too many webhooks are being stored at once; retry shortly");
            return;
        }
        // called once the response ended or the connection went away, whichever comes first
        ctx.addEndHandler(ended -> release(bytes));
        ctx.next();
    }

    private void release(long bytes) {
        inFlight.decrementAndGet();
        inFlightBytes.addAndGet(-bytes);
    }

    /** A larger declared size is refused with 413 while reading; a missing or unreadable one may be the largest. */
    private long declaredBodySize(String contentLength) {
        if (contentLength != null) {
            try {
                return Math.min(Math.max(0, Long.parseLong(contentLength.trim())), maxBodySize);
            } catch (NumberFormatException unreadable) {
                // counted as the largest
            }
        }
        return maxBodySize;
    }
}
