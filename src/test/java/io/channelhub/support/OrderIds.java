package io.channelhub.support;

import java.util.concurrent.atomic.AtomicLong;

/** Order ids no other test in the same hub uses. */
public final class OrderIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 1000);

    private OrderIds() {
    }

    public static long next() {
        return NEXT.incrementAndGet();
    }
}
