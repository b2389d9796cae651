package io.channelhub.connector;

/** A marketplace API call that may succeed later (unavailable, 5xx, rate-limited beyond our wait): retried. */
public class TransientMarketplaceException extends RuntimeException {

    public TransientMarketplaceException(String message) {
        super(message);
    }

    public TransientMarketplaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
