package io.channelhub.simulator;

import java.util.Map;

/**
 * A marketplace simulator that holds listings and lets the hub set their quantity through the marketplace's own
 * stock API, as stock sync does. Faults are dialled through {@link OrderSourceSimulator#faults()} (all simulators
 * implement both).
 */
public interface StockSimulator {

    /**
     * Creates a listing of {@code sku} with a quantity the marketplace advertises; returns the marketplace ids a
     * listing of the hub needs, by the names the connector type documents (e.g. {@code offerId}).
     */
    Map<String, String> createListing(String sku, int quantity);

    /** The quantity the marketplace advertises now for the listing with these ids; null when there is none. */
    Integer advertisedQuantity(Map<String, String> listingIds);

    /** How many stock writes the marketplace accepted (each call, not each item of a batch call). */
    int stockWrites();

    /** Forgets every listing. */
    void clearListings();
}
