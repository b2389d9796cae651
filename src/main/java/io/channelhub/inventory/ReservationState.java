package io.channelhub.inventory;

/** Where an order's share of one SKU stands (see the stock_reservations table). */
public enum ReservationState {
    /** An open order: what it holds is counted in the SKU's reserved quantity. */
    RESERVED,
    /** The order was cancelled (or the line removed): nothing held. */
    RELEASED,
    /** Shipped: on hand and reserved both dropped. */
    CONSUMED,
    /** A SKU the ledger holds no stock for yet; reserved as soon as its first count arrives. */
    UNTRACKED
}
