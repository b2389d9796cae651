package io.channelhub.connector;

/** A marketplace API refused a call with a 4xx other than 429/408: retrying the same call will not help. */
public class MarketplaceRefusedException extends PermanentEventException {

    private final int status;

    public MarketplaceRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
