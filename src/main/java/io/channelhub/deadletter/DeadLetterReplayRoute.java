package io.channelhub.deadletter;

/**
 * Sends a dead letter back into the pipeline. Most dead letters were Kafka records and go back to their topic
 * ({@link RecordReplay}); a feature whose failures are not records (a stock push) brings its own.
 */
public interface DeadLetterReplayRoute {

    boolean handles(DeadLetter letter);

    /**
     * Sends the letter with {@code payload} (its current payload) on its way; returns once that is durable. Throws
     * when it could not be sent, so the letter keeps its state.
     */
    void replay(DeadLetter letter, byte[] payload);

    /** Whether an edited payload means anything for this kind of letter. */
    default boolean editable() {
        return true;
    }
}
