package io.channelhub.order;

/** What applying one order event did to the store. */
public enum ApplyOutcome {
    /** The order was new and is now stored. */
    CREATED,
    /** The event was as new as or newer than the stored order and replaced it. */
    UPDATED,
    /** The event was older than the stored order (a retry carrying an old payload, or reordering): no change. */
    STALE
}
