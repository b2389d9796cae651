package io.channelhub.deadletter;

import java.time.Instant;

/**
 * One step in a dead letter's life, as its history shows it.
 *
 * @param action   FAILED, EDITED, REPLAYED, APPLIED, ALREADY_APPLIED, DISCARDED or REPLAY_NOT_SENT
 * @param actor    who: a credential's name, or {@code hub} for the pipeline itself
 * @param attempts for FAILED: how many attempts this failure counted
 */
public record DeadLetterEvent(Instant at, String action, String actor, Integer attempts, String errorClass,
        String detail) {
}
