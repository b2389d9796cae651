package io.channelhub.connector;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Public keys marketplaces publish for their webhook signatures (Bol.com RSA, eBay ECDSA), by connector and key
 * id, kept for an hour. A key not in the cache is fetched on a small pool of its own, never on the event loop
 * that received the webhook (a key is new only after a marketplace rotates its keys, so this is rare).
 */
@Component
public class FetchedPublicKeys implements AutoCloseable {

    private static final Duration KEEP_FOR = Duration.ofHours(1);
    /** How long a key id the marketplace says it never issued is refused without asking again. */
    private static final Duration REMEMBER_UNKNOWN_FOR = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED_UNKNOWN = 10_000;

    private record Cached(PublicKey key, Instant until) {
    }

    private final Clock clock;
    private final Map<String, Cached> keys = new ConcurrentHashMap<>();
    private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();
    private final ExecutorService fetchers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "public-key-fetch");
        thread.setDaemon(true);
        return thread;
    });

    public FetchedPublicKeys(Clock clock) {
        this.clock = clock;
    }

    /** The key if it is cached and fresh. */
    public Optional<PublicKey> cached(String connectorId, String keyId) {
        Cached cached = keys.get(connectorId + '/' + keyId);
        return cached != null && clock.instant().isBefore(cached.until()) ? Optional.of(cached.key()) : Optional.empty();
    }

    /** The key, fetched with {@code fetch} (a blocking call) unless it is cached. */
    public CompletableFuture<PublicKey> key(String connectorId, String keyId, Supplier<PublicKey> fetch) {
        Optional<PublicKey> cached = cached(connectorId, keyId);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        return CompletableFuture.supplyAsync(fetch, fetchers).thenApply(key -> {
            keys.put(connectorId + '/' + keyId, new Cached(key, clock.instant().plus(KEEP_FOR)));
            return key;
        });
    }

    /**
     * The signature check with the marketplace's key {@code keyId}: valid when {@code verifies} accepts the key,
     * invalid when it does not or when the marketplace has no such key (a made-up key id); any other failure to get
     * the key fails the stage, so the sender is told to retry (503) rather than that it forged. A key id found
     * unknown is refused for a minute without asking the marketplace again, so forged key ids cannot spend our
     * API quota.
     */
    public CompletionStage<SignatureCheck> check(String connectorId, String keyId, Supplier<PublicKey> fetch,
            Predicate<PublicKey> verifies) {
        String name = connectorId + '/' + keyId;
        Instant unknown = unknownUntil.get(name);
        if (unknown != null && clock.instant().isBefore(unknown)) {
            return CompletableFuture.completedFuture(SignatureCheck.INVALID);
        }
        return key(connectorId, keyId, fetch)
                .thenApply(key -> verifies.test(key) ? SignatureCheck.VALID_CURRENT_SECRET : SignatureCheck.INVALID)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (keyUnknown(cause)) {
                        if (unknownUntil.size() > MAX_REMEMBERED_UNKNOWN) {
                            // a flood of made-up ids: forget them rather than grow without bound
                            unknownUntil.clear();
                        }
                        unknownUntil.put(name, clock.instant().plus(REMEMBER_UNKNOWN_FOR));
                        return SignatureCheck.INVALID;
                    }
                    throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
                });
    }

    /** The marketplace says it has no key of that id (its key list lacks it, or its key endpoint answers 404). */
    private static boolean keyUnknown(Throwable failure) {
        return failure instanceof MarketplaceRefusedException refused && refused.status() == 404
                || failure instanceof MarketplaceUnavailableException unavailable && unavailable.status() == 404;
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
    }
}
