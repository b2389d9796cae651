package io.channelhub.inventory;

/** What an order holds of one SKU (see the stock_reservations table). */
public enum ReservationState {
    /** Counted in the SKU's reserved quantity. */
    RESERVED,
    /** Sold by the marketplace when not enough was available: nothing reserved, shown to people. */
    OVERSOLD,
    /** The order was cancelled (or the line removed): nothing held. */
    RELEASED,
    /** Shipped: on hand and reserved both dropped. */
    CONSUMED,
    /** A SKU the ledger does not hold stock for. */
    UNTRACKED
}
