package io.channelhub.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed authentications per client address in fixed windows that start at an address's first failure.
 * Once an address reaches the limit it stays refused until its window ends, whatever it presents, so guessing
 * tokens costs a window per {@code limit} guesses. A success does not reset the count: on a shared address (NAT),
 * a legitimate caller's success must not reopen the door for a guesser. Memory is bounded by
 * {@link OpsProperties.FailedAuth#maxAddresses()}; when that many addresses are tracked, the oldest window is dropped.
 */
final class FailedAuthLimiter {

    private final int limit;
    private final Duration window;
    private final int maxAddresses;
    private final Clock clock;
    /** Insertion order is the order windows started in, so the oldest (and the expired ones) come first. */
    private final LinkedHashMap<String, Failures> windows = new LinkedHashMap<>();

    FailedAuthLimiter(OpsProperties.FailedAuth settings, Clock clock) {
        this.limit = settings.limit();
        this.window = settings.window();
        this.maxAddresses = settings.maxAddresses();
        this.clock = clock;
    }

    /** How long {@code address} stays refused; empty when it may try. */
    synchronized Optional<Duration> refusedFor(String address) {
        Instant now = clock.instant();
        Failures failures = windows.get(address);
        if (failures == null || !failures.end().isAfter(now)) {
            return Optional.empty();
        }
        return failures.count() >= limit ? Optional.of(Duration.between(now, failures.end())) : Optional.empty();
    }

    /** Counts a failure of {@code address}; true when it is the one that reaches the limit. */
    synchronized boolean recordFailure(String address) {
        Instant now = clock.instant();
        Failures failures = windows.get(address);
        if (failures == null || !failures.end().isAfter(now)) {
            windows.remove(address);
            makeRoom(now);
            failures = new Failures(now.plus(window), 0);
        }
        failures = new Failures(failures.end(), failures.count() + 1);
        windows.put(address, failures);
        return failures.count() == limit;
    }

    synchronized int trackedAddresses() {
        return windows.size();
    }

    private void makeRoom(Instant now) {
        Iterator<Map.Entry<String, Failures>> oldestFirst = windows.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Failures oldest = oldestFirst.next().getValue();
            if (oldest.end().isAfter(now) && windows.size() < maxAddresses) {
                return;
            }
            oldestFirst.remove();
        }
    }

    private record Failures(Instant end, int count) {
    }
}
