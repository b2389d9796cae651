package io.channelhub.order;

/**
 * Told of every order event that changed the store (CREATED or UPDATED), inside the event's transaction: what it
 * writes commits with the order or not at all. The stock ledger is one.
 */
public interface OrderChangeListener {

    void orderChanged(CanonicalOrder order);
}
