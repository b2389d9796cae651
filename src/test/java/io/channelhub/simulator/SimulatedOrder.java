package io.channelhub.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as a simulator holds it, in marketplace-neutral terms: each simulator renders it in its marketplace's
 * own format (REST resource, webhook body, list page), and a test compares the hub's canonical order with it.
 *
 * @param orderId   the marketplace's order id
 * @param status    the canonical status the hub must end up with: OPEN, PAID, FULFILLED or CANCELLED (marketplaces
 *                  that have no OPEN state render OPEN as PAID; such a simulator documents it)
 * @param lines     the order lines
 * @param createdAt when the order was placed
 * @param updatedAt the marketplace's last change: the version the hub must end up with
 */
public record SimulatedOrder(String orderId, String status, List<Line> lines, Instant createdAt, Instant updatedAt) {

    public SimulatedOrder {
        lines = List.copyOf(lines);
    }

    /** The same order in another state, changed at {@code at}. */
    public SimulatedOrder changed(String newStatus, Instant at) {
        return new SimulatedOrder(orderId, newStatus, lines, createdAt, at);
    }

    /** A line: the seller's SKU, how many, the unit price. */
    public record Line(String sku, int quantity, BigDecimal price) {
    }
}
