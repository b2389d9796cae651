package io.channelhub.connector;

/**
 * What the marketplace said about one {@link StockUpdate} of a batch.
 *
 * @param update  the update
 * @param outcome whether it was applied, may succeed later, or never will
 * @param detail  the marketplace's message when it was not applied, else null
 */
public record StockPushResult(StockUpdate update, Outcome outcome, String detail) {

    public enum Outcome {
        /** The marketplace now advertises the quantity. */
        APPLIED,
        /** Not applied now, worth trying again (5xx, rate limit, the write still processing). */
        RETRY,
        /** The marketplace refused it for good (unknown offer, invalid listing): a dead letter. */
        REFUSED
    }

    public static StockPushResult applied(StockUpdate update) {
        return new StockPushResult(update, Outcome.APPLIED, null);
    }

    public static StockPushResult retry(StockUpdate update, String detail) {
        return new StockPushResult(update, Outcome.RETRY, detail);
    }

    public static StockPushResult refused(StockUpdate update, String detail) {
        return new StockPushResult(update, Outcome.REFUSED, detail);
    }
}
