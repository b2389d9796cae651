package io.channelhub.order;

import java.math.BigDecimal;

/** One line of a canonical order: what was sold, how many and at what unit price. */
public record OrderLine(String lineId, String sku, int quantity, BigDecimal price) {
}
