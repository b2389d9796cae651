package io.channelhub.connector;

/**
 * A quantity to advertise for one listing.
 *
 * @param listing  where
 * @param quantity how many the marketplace may sell, never negative
 */
public record StockUpdate(Listing listing, int quantity) {

    public StockUpdate {
        if (quantity < 0) {
            throw new IllegalArgumentException("advertised quantity of " + listing.sku() + " is negative: " + quantity);
        }
    }
}
