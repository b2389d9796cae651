package io.channelhub.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * OAuth access tokens, one per connector, kept until shortly before they expire so that each API call does not
 * cost a token request (Bol.com's last about five minutes, Amazon's an hour).
 */
@Component
public final class AccessTokens {

    /** A token and how long it was granted for. */
    public record Grant(String token, Duration expiresIn) {
    }

    private record Cached(String token, Instant renewAt) {
    }

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final Clock clock;
    private final Map<String, Cached> byConnector = new ConcurrentHashMap<>();

    public AccessTokens(Clock clock) {
        this.clock = clock;
    }

    /** The connector's current token, asking {@code grant} for a new one when there is none or it is about to expire. */
    public String token(String connectorId, Supplier<Grant> grant) {
        Cached cached = byConnector.get(connectorId);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.token();
        }
        Grant fresh = grant.get();
        byConnector.put(connectorId, new Cached(fresh.token(), clock.instant().plus(fresh.expiresIn()).minus(RENEW_BEFORE_EXPIRY)));
        return fresh.token();
    }

    /**
     * Runs {@code call} with the current token for {@code key}; when the API refuses it with one of
     * {@code renewOn} (revoked, or expired early), forgets it and runs {@code call} once more with a new token.
     */
    public <T> T withToken(String key, Supplier<Grant> grant, Function<String, T> call, int... renewOn) {
        try {
            return call.apply(token(key, grant));
        } catch (MarketplaceUnavailableException refused) {
            if (IntStream.of(renewOn).noneMatch(status -> status == refused.status())) {
                throw refused;
            }
            invalidate(key);
            return call.apply(token(key, grant));
        }
    }

    /** Forgets the token, after the API refused it (revoked, or expired early). */
    public void invalidate(String connectorId) {
        byConnector.remove(connectorId);
    }
}
