package io.channelhub.deadletter;

import java.time.Instant;

/**
 * Filters for finding dead letters; null means any.
 *
 * @param errorClass the error's class, by its full or simple name
 * @param from       last failed at or after
 * @param to         last failed before
 * @param text       free text, found in the error message (case-insensitive)
 */
public record DeadLetterQuery(String connectorId, String errorClass, DeadLetterStatus status, Instant from, Instant to,
        String text) {
}
