package io.channelhub.connector.amazon;

import static io.channelhub.connector.PayloadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.order.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Maps an order fetched from the Orders API ({"order": getOrder payload or an order as getOrders lists it, both the
 * same Order schema, "orderItems": [...]}) to a canonical order; its version is the order's LastUpdateDate.
 * OrderStatus: Pending → OPEN; Unshipped, PartiallyShipped → PAID; Shipped → FULFILLED; Canceled → CANCELLED;
 * anything else → OPEN. ItemPrice is the line total, so the unit price is ItemPrice / QuantityOrdered.
 */
@Component
public class AmazonOrderNormaliser {

    private final ObjectMapper json;

    public AmazonOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        JsonNode resolved = PayloadJson.object(json, event.body(), "Amazon order");
        JsonNode order = resolved.path("order");
        String id = text(order, "AmazonOrderId");
        Instant updated = PayloadJson.instant(order, "LastUpdateDate", "Amazon");
        if (id == null || updated == null) {
            throw new PermanentEventException("Amazon order needs AmazonOrderId and LastUpdateDate");
        }
        String status = text(order, "OrderStatus");
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode item : resolved.path("orderItems")) {
            int quantity = item.path("QuantityOrdered").asInt(0);
            BigDecimal total = PayloadJson.decimal(item.path("ItemPrice"), "Amount", "Amazon");
            BigDecimal unit = total == null || quantity == 0 ? total
                    : total.divide(BigDecimal.valueOf(quantity), 4, RoundingMode.HALF_UP);
            lines.add(new OrderLine(text(item, "OrderItemId"), text(item, "SellerSKU"), quantity, unit));
        }
        return new CanonicalOrder(event.connectorId(), id, id, status(status), financial(status), fulfillment(status),
                text(order.path("OrderTotal"), "CurrencyCode"), PayloadJson.decimal(order.path("OrderTotal"), "Amount", "Amazon"),
                text(order.path("BuyerInfo"), "BuyerEmail"), PayloadJson.instant(order, "PurchaseDate", "Amazon"), updated, lines);
    }

    private static OrderStatus status(String amazon) {
        if (amazon == null) {
            return OrderStatus.OPEN;
        }
        return switch (amazon) {
            case "Unshipped", "PartiallyShipped" -> OrderStatus.PAID;
            case "Shipped" -> OrderStatus.FULFILLED;
            case "Canceled" -> OrderStatus.CANCELLED;
            default -> OrderStatus.OPEN;
        };
    }

    private static String financial(String amazon) {
        if ("Canceled".equals(amazon)) {
            return "VOIDED";
        }
        return "Pending".equals(amazon) || amazon == null ? "PENDING" : "PAID";
    }

    private static String fulfillment(String amazon) {
        if ("Shipped".equals(amazon)) {
            return "FULFILLED";
        }
        return "PartiallyShipped".equals(amazon) ? "PARTIAL" : "UNFULFILLED";
    }

}
