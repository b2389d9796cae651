package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final FailedAuthLimiter limiter =
            new FailedAuthLimiter(new OpsProperties.FailedAuth(3, Duration.ofMinutes(1), 100), clock);

    @Test
    void anAddressIsRefusedFromItsLimitUntilItsWindowEnds() {
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        assertThat(limiter.refusedFor("10.0.0.1")).as("below the limit").isEmpty();

        assertThat(limiter.recordFailure("10.0.0.1")).as("the failure that reaches the limit says so").isTrue();

        assertThat(limiter.refusedFor("10.0.0.1")).contains(Duration.ofSeconds(50));
        assertThat(limiter.refusedFor("10.0.0.2")).as("another address").isEmpty();
        clock.advance(Duration.ofSeconds(49));
        assertThat(limiter.refusedFor("10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.refusedFor("10.0.0.1")).as("the window has passed").isEmpty();
    }

    @Test
    void failuresInAnEndedWindowDoNotCount() {
        limiter.recordFailure("10.0.0.1");
        limiter.recordFailure("10.0.0.1");
        clock.advance(Duration.ofMinutes(1));

        assertThat(limiter.recordFailure("10.0.0.1")).isFalse();
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.refusedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void memoryIsBoundedByDroppingEndedWindowsThenTheOldest() {
        FailedAuthLimiter small = new FailedAuthLimiter(new OpsProperties.FailedAuth(2, Duration.ofMinutes(1), 3), clock);
        small.recordFailure("10.0.0.1");
        small.recordFailure("10.0.0.1");
        clock.advance(Duration.ofSeconds(1));
        small.recordFailure("10.0.0.2");
        small.recordFailure("10.0.0.3");

        small.recordFailure("10.0.0.4");

        assertThat(small.trackedAddresses()).isEqualTo(3);
        assertThat(small.refusedFor("10.0.0.1")).as("the oldest window made room").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        small.recordFailure("10.0.0.5");
        assertThat(small.trackedAddresses()).as("ended windows are dropped first").isEqualTo(1);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
