package io.channelhub.order;

/** What applying one order event did to the store. */
public enum ApplyOutcome {
    /** The order was new and is now stored. */
    CREATED,
    /** The event was as new as or newer than the stored order and replaced it. */
    UPDATED,
    /** The event carried the stored version with the same content (e.g. a polled copy of an applied webhook): no change. */
    UNCHANGED,
    /** The event was older than the stored order (a retry carrying an old payload, or reordering): no change. */
    STALE
}
