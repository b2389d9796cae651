package io.channelhub.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A canonical order as stored, with the hub's bookkeeping: how many changes were applied ({@code revision}),
 * by which event last, and when.
 */
public record StoredOrder(String connectorId, String externalId, String name, OrderStatus status,
        String financialStatus, String fulfillmentStatus, String currency, BigDecimal totalPrice,
        String customerEmail, Instant createdAt, Instant updatedAt, int revision, String lastEventId,
        Instant firstAppliedAt, Instant lastAppliedAt, List<OrderLine> lines) {

    StoredOrder withLines(List<OrderLine> newLines) {
        return new StoredOrder(connectorId, externalId, name, status, financialStatus, fulfillmentStatus, currency,
                totalPrice, customerEmail, createdAt, updatedAt, revision, lastEventId, firstAppliedAt, lastAppliedAt,
                newLines);
    }
}
