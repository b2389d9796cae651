package io.channelhub.deadletter;

import java.time.Instant;

/**
 * Which dead letters a bulk replay takes, as an operator gives it: the list's filters, with {@code status}
 * defaulting to NEW (so a second job does not resend what the first already replayed).
 */
public record DeadLetterFilter(String connector, String errorClass, DeadLetterStatus status, Instant from, Instant to,
        String q) {

    DeadLetterQuery query() {
        return new DeadLetterQuery(connector, errorClass, status == null ? DeadLetterStatus.NEW : status, from, to, q);
    }

    DeadLetterFilter withDefaults() {
        return new DeadLetterFilter(connector, errorClass, status == null ? DeadLetterStatus.NEW : status, from, to, q);
    }
}
