package io.channelhub.connector.woocommerce;

import static io.channelhub.connector.PayloadJson.decimal;
import static io.channelhub.connector.PayloadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.order.OrderStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Maps a WooCommerce order webhook (the REST v3 order resource) to a canonical order. WooCommerce statuses:
 * pending, on-hold → OPEN; processing → PAID; completed → FULFILLED; cancelled, refunded, failed → CANCELLED.
 */
@Component
public class WooCommerceOrderNormaliser {

    static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated");

    private final ObjectMapper json;

    public WooCommerceOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        if (!ORDER_TOPICS.contains(event.eventType())) {
            throw new PermanentEventException("WooCommerce event type '" + event.eventType() + "' is not handled; handled: "
                    + ORDER_TOPICS);
        }
        JsonNode order = PayloadJson.object(json, event.body(), "WooCommerce order");
        String id = text(order, "id");
        Instant modified = gmt(order, "date_modified_gmt");
        if (id == null || modified == null) {
            throw new PermanentEventException("WooCommerce order payload needs 'id' and 'date_modified_gmt'");
        }
        String status = text(order, "status");
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            lines.add(new OrderLine(text(line, "id"), text(line, "sku"), line.path("quantity").asInt(0),
                    decimal(line, "price", "WooCommerce")));
        }
        return new CanonicalOrder(event.connectorId(), id, text(order, "number"), status(status),
                financial(status), "completed".equals(status) ? "FULFILLED" : "UNFULFILLED", text(order, "currency"),
                decimal(order, "total", "WooCommerce"), text(order.path("billing"), "email"), gmt(order, "date_created_gmt"), modified,
                lines);
    }

    private static OrderStatus status(String wooStatus) {
        if (wooStatus == null) {
            return OrderStatus.OPEN;
        }
        return switch (wooStatus) {
            case "processing" -> OrderStatus.PAID;
            case "completed" -> OrderStatus.FULFILLED;
            case "cancelled", "refunded", "failed" -> OrderStatus.CANCELLED;
            default -> OrderStatus.OPEN;
        };
    }

    private static String financial(String wooStatus) {
        if (wooStatus == null) {
            return null;
        }
        return switch (wooStatus) {
            case "processing", "completed" -> "PAID";
            case "refunded" -> "REFUNDED";
            case "failed" -> "FAILED";
            case "cancelled" -> "VOIDED";
            default -> "PENDING";
        };
    }

    /** WooCommerce's *_gmt fields are local date-times in UTC without an offset. */
    private static Instant gmt(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PermanentEventException("WooCommerce field '" + field + "' is not a date-time: "
                    + value, e);
        }
    }
}
