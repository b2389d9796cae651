package io.channelhub.inventory;

/**
 * A SKU's numbers in the ledger.
 *
 * @param sku      the SKU
 * @param onHand   physically in stock (set by stock feeds, lowered by shipments)
 * @param reserved held by open orders
 */
public record StockLevel(String sku, int onHand, int reserved) {

    /**
     * What may still be sold: on hand minus reserved, never negative (a stock count below what open orders hold
     * leaves nothing to sell, not a negative number).
     */
    public int available() {
        return Math.max(0, onHand - reserved);
    }
}
