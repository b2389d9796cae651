package io.channelhub.deadletter;

/** Where a dead letter stands. */
public enum DeadLetterStatus {
    /** Failed and waiting for someone: the list ops people work through. */
    NEW,
    /** Sent through the pipeline again; it becomes RESOLVED when applied, or NEW again when it fails again. */
    REPLAYING,
    /** A replay was applied (or found already applied): nothing left to do. */
    RESOLVED,
    /** Someone decided it must not be applied, and said why. A replay can still bring it back. */
    DISCARDED
}
