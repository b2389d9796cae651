package io.channelhub.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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

    /**
     * SHA-256 over everything the order says except its version and connector: two copies with the same digest and
     * the same {@code updatedAt} are the same fact. Amounts are compared by value ({@code 10.0} equals {@code 10.00}).
     */
    public String contentDigest() {
        StringBuilder content = new StringBuilder();
        append(content, externalId, name, status.name(), financialStatus, fulfillmentStatus, currency, plain(totalPrice),
                customerEmail, createdAt == null ? null : createdAt.toString());
        for (OrderLine line : lines) {
            append(content, line.lineId(), line.sku(), Integer.toString(line.quantity()), plain(line.price()));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void append(StringBuilder content, String... fields) {
        for (String field : fields) {
            // length-prefixed, so no field value can imitate a boundary
            content.append(field == null ? -1 : field.length()).append(':').append(field == null ? "" : field).append('|');
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }
}
