package io.channelhub.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * HTTP to marketplace APIs, with their rate limits obeyed: a 429 is waited out for its Retry-After (seconds, maybe
 * fractional) and tried again, a few times; what still fails is a {@link TransientMarketplaceException} (5xx,
 * network, rate limit beyond our patience, 401/403/404) for the caller's retries, or a
 * {@link MarketplaceRefusedException} (other 4xx: the request itself is wrong). Used on processing threads, never on the ingest path.
 */
@Component
public class MarketplaceHttp {

    private static final Logger log = LoggerFactory.getLogger(MarketplaceHttp.class);
    private static final int RATE_LIMIT_ATTEMPTS = 4;
    private static final Duration LONGEST_RATE_LIMIT_WAIT = Duration.ofSeconds(30);
    private static final int POLL_RATE_LIMIT_ATTEMPTS = 20;
    private static final Duration LONGEST_POLL_WAIT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends the request; returns the body of a 2xx answer. {@code what} names the call in errors and logs. */
    public String send(HttpRequest request, String what) {
        return exchange(request, what, RATE_LIMIT_ATTEMPTS, LONGEST_RATE_LIMIT_WAIT).body();
    }

    /**
     * Sends a reconciliation request and returns the whole 2xx answer (its headers carry paging links and rate-limit
     * state). More patient with rate limits than {@link #send}: a run has no sender waiting on it, and a 429 is the
     * marketplace pacing us, not a failure, so Retry-After is waited out up to {@value #POLL_RATE_LIMIT_ATTEMPTS}
     * times and up to two minutes each (Amazon's getOrders refills one request a minute).
     */
    public HttpResponse<String> poll(HttpRequest request, String what) {
        return exchange(request, what, POLL_RATE_LIMIT_ATTEMPTS, LONGEST_POLL_WAIT);
    }

    private HttpResponse<String> exchange(HttpRequest request, String what, int rateLimitAttempts, Duration longestWait) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new TransientMarketplaceException(what + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientMarketplaceException(what + " interrupted", e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            if (status == 429 && attempt < rateLimitAttempts) {
                Duration wait = retryAfter(response).orElse(Duration.ofSeconds(attempt));
                if (wait.compareTo(longestWait) > 0) {
                    throw new MarketplaceUnavailableException(status, what + " rate-limited for " + wait);
                }
                log.info("{} rate-limited (429), waiting {} ms as asked", what, wait.toMillis());
                sleep(wait);
                continue;
            }
            // 401/403: credentials being rotated or a token revoked; 404: a resource the marketplace has notified us
            // of but does not show yet. All may pass, so they are retried before anything is dead-lettered.
            if (status == 429 || status == 408 || status / 100 == 5 || status == 401 || status == 403 || status == 404) {
                throw new MarketplaceUnavailableException(status, what + " answered " + status + ": "
                        + abbreviate(response.body()));
            }
            throw new MarketplaceRefusedException(status, what + " answered " + status + ": " + abbreviate(response.body()));
        }
    }

    /** A request builder with the shared timeout. */
    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
            } catch (NumberFormatException httpDate) {
                return Optional.empty();
            }
        });
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientMarketplaceException("interrupted while waiting out a rate limit", e);
        }
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
