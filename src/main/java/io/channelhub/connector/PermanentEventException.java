package io.channelhub.connector;

/**
 * An event that can never be applied as it is (unparseable, missing a required field, an event type the
 * connector does not handle). It is not retried: it goes straight to the dead letters with its raw bytes.
 */
public class PermanentEventException extends RuntimeException {

    public PermanentEventException(String message) {
        super(message);
    }

    public PermanentEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
