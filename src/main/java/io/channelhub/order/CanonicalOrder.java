package io.channelhub.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order in the hub's own terms, whatever marketplace it came from.
 *
 * @param connectorId       the connector instance it belongs to
 * @param externalId        the marketplace's order id
 * @param name              the human-facing order name or number
 * @param status            the canonical life-cycle status
 * @param financialStatus   the payment state in upper case (e.g. {@code PAID}, {@code REFUNDED})
 * @param fulfillmentStatus the shipping state: {@code UNFULFILLED}, {@code PARTIAL} or {@code FULFILLED}
 * @param currency          ISO 4217 code
 * @param totalPrice        the order total
 * @param customerEmail     may be null
 * @param createdAt         when the marketplace created it
 * @param updatedAt         the marketplace's last change: the version the store guards on
 * @param lines             the line items
 */
public record CanonicalOrder(String connectorId, String externalId, String name, OrderStatus status,
        String financialStatus, String fulfillmentStatus, String currency, BigDecimal totalPrice,
        String customerEmail, Instant createdAt, Instant updatedAt, List<OrderLine> lines) {

    public CanonicalOrder {
        Objects.requireNonNull(connectorId, "connectorId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        lines = List.copyOf(lines);
    }
}
