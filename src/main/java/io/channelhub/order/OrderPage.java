package io.channelhub.order;

import java.util.List;

/** A page of orders and how many there are in all. */
public record OrderPage(long total, List<StoredOrder> items) {
}
