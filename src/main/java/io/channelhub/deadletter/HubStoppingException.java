package io.channelhub.deadletter;

/** An event could not finish because the hub is shutting down: it is not dead-lettered, it is redone after a start. */
public class HubStoppingException extends RuntimeException {

    public HubStoppingException(String message, Throwable cause) {
        super(message, cause);
    }
}
