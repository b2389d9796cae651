package io.channelhub.simulator;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A marketplace API on a bad day, for every request a simulator answers: a share of answers are 503 or 429 (with a
 * short Retry-After), and every answer can be slow. Off until a test dials it in; {@link #clear()} ends it. Which
 * requests fail is random but seeded anew whenever a rate is dialled, so a test sees the same faults on every run.
 */
public final class DialledFaults {

    private static final long SEED = 20261122L;

    private volatile double serverErrorRate;
    private volatile double rateLimitRate;
    private volatile Duration latency = Duration.ZERO;
    private Random random = new Random(SEED);
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger rateLimits = new AtomicInteger();

    /** Answers this share of requests (0..1) with 503. */
    public synchronized DialledFaults serverErrors(double rate) {
        serverErrorRate = rate;
        random = new Random(SEED);
        return this;
    }

    /** Answers this share of requests (0..1) with 429 and Retry-After 0.1 s. */
    public synchronized DialledFaults rateLimits(double rate) {
        rateLimitRate = rate;
        random = new Random(SEED);
        return this;
    }

    /** Every answer waits this long first. */
    public DialledFaults latency(Duration wait) {
        latency = wait;
        return this;
    }

    public void clear() {
        serverErrorRate = 0;
        rateLimitRate = 0;
        latency = Duration.ZERO;
    }

    public int injectedServerErrors() {
        return serverErrors.get();
    }

    public int injectedRateLimits() {
        return rateLimits.get();
    }

    HttpHandler around(HttpHandler handler) {
        return exchange -> {
            pause();
            double roll = roll();
            if (roll < rateLimitRate) {
                rateLimits.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "0.1");
                SimulatedHttp.answer(exchange, 429, "{\"errors\":\"Too Many Requests (dialled)\"}");
            } else if (roll < rateLimitRate + serverErrorRate) {
                serverErrors.incrementAndGet();
                SimulatedHttp.answer(exchange, 503, "{\"errors\":\"Service Unavailable (dialled)\"}");
            } else {
                handler.handle(exchange);
            }
        };
    }

    private synchronized double roll() {
        return random.nextDouble();
    }

    private void pause() throws IOException {
        Duration wait = latency;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
