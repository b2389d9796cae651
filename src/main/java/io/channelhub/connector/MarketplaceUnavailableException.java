package io.channelhub.connector;

/** A marketplace API answer that may change on a later try (429, 5xx, 401/403/404), with its status. */
public class MarketplaceUnavailableException extends TransientMarketplaceException {

    private final int status;

    public MarketplaceUnavailableException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
