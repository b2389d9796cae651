package io.channelhub.ops;

/** Configured ops credentials that cannot work; the message names the place, never a token. */
public class InvalidOpsCredentialsException extends IllegalStateException {

    public InvalidOpsCredentialsException(String message) {
        super(message);
    }

    public InvalidOpsCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
