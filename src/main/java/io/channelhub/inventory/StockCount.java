package io.channelhub.inventory;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * A count of what is physically on hand of one SKU.
 *
 * @param sku    the SKU
 * @param onHand how many, not negative
 */
public record StockCount(@NotBlank String sku, @Min(0) Integer onHand) {

    public StockCount {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("a stock count needs a sku");
        }
        if (onHand == null) {
            throw new IllegalArgumentException("the stock count of " + sku + " has no onHand");
        }
        if (onHand < 0) {
            throw new IllegalArgumentException("onHand of " + sku + " is negative: " + onHand);
        }
    }
}
