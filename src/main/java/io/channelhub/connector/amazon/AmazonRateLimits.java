package io.channelhub.connector.amazon;

import io.channelhub.connector.TransientMarketplaceException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Our own copy of the token bucket SP-API keeps per seller, application and operation, so that calls are spaced as
 * Amazon refills them instead of running into 429s: SP-API's 429 carries no Retry-After, so whoever relies on it
 * guesses the wait (getOrders refills one request a minute). The rate is the one Amazon last announced in
 * {@code x-amzn-RateLimit-Limit} (until then the documented default); the burst is the documented one, as Amazon does
 * not announce it. The copy starts full, so after a restart the first calls may still meet a 429 when Amazon's bucket
 * was emptied by an earlier process; those are waited out by {@code MarketplaceHttp}.
 */
@Component
public class AmazonRateLimits {

    /** The header in which SP-API announces the rate (requests per second) it applied to the call. */
    public static final String RATE_LIMIT_HEADER = "x-amzn-RateLimit-Limit";

    private static final Logger log = LoggerFactory.getLogger(AmazonRateLimits.class);
    // our refill and Amazon's are timed at different ends of the wire: a request that left right on time may
    // arrive a little sooner after the one before than it left, and find the token not quite there
    private static final Duration MARGIN = Duration.ofMillis(200);

    /**
     * The operations the hub calls, with their documented default usage plans. Where Amazon's pages disagree on a
     * burst (getListingsItem: 10 in the API model, 5 in the Listings Items rate-limit table) the smaller one is kept:
     * ours only decides how many calls go out at once before pacing starts.
     */
    enum Operation {
        GET_ORDERS(0.0167, 20),
        GET_ORDER(0.5, 30),
        GET_ORDER_ITEMS(0.5, 30),
        PATCH_LISTINGS_ITEM(5, 5),
        GET_LISTINGS_ITEM(5, 5),
        SEARCH_LISTINGS_ITEMS(5, 5);

        private final double defaultRate;
        private final int burst;

        Operation(double defaultRate, int burst) {
            this.defaultRate = defaultRate;
            this.burst = burst;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Waits until the operation has a request to spend, and spends it.
     *
     * @param longestWait how long the caller may wait; a longer wait is a {@link TransientMarketplaceException}
     *                    (the caller retries later) rather than a thread blocked for minutes
     */
    void acquire(String connectorId, Operation operation, Duration longestWait, String what) {
        Duration wait = bucket(connectorId, operation).take(longestWait, what);
        if (wait.isZero()) {
            return;
        }
        log.info("{} waiting {} ms to stay within Amazon's rate limit", what, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientMarketplaceException("interrupted while pacing " + what, e);
        }
    }

    /** Takes the rate Amazon announced in an answer's {@value #RATE_LIMIT_HEADER}, when it sent a usable one. */
    void announced(String connectorId, Operation operation, Optional<String> header) {
        header.flatMap(AmazonRateLimits::rate).ifPresent(rate -> bucket(connectorId, operation).rate(rate));
    }

    private Bucket bucket(String connectorId, Operation operation) {
        return buckets.computeIfAbsent(connectorId + " " + operation,
                key -> new Bucket(operation.defaultRate, operation.burst));
    }

    private static Optional<Double> rate(String value) {
        try {
            double rate = Double.parseDouble(value.trim());
            return rate > 0 && Double.isFinite(rate) ? Optional.of(rate) : Optional.empty();
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** Tokens refill continuously at the rate, up to the burst; a request may take the bucket below zero and wait. */
    private static final class Bucket {

        private final int burst;
        private double rate;
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized Duration take(Duration longestWait, String what) {
            refill();
            double missing = 1 - tokens;
            Duration wait = missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) (missing / rate * 1e9)).plus(MARGIN);
            if (wait.compareTo(longestWait) > 0) {
                throw new TransientMarketplaceException(what + " would wait " + wait + " for Amazon's rate limit");
            }
            // spent now, even though sent after the wait, so that concurrent callers queue up behind it
            tokens -= 1;
            return wait;
        }

        synchronized void rate(double announced) {
            refill();
            rate = announced;
        }

        private void refill() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
        }
    }
}
