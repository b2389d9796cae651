package io.channelhub.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * One probe: whether its synthetic order was applied within the timeout, how long the whole path took, and why
 * it failed if it did.
 */
public record ProbeResult(Instant startedAt, boolean success, Duration latency, String error) {
}
