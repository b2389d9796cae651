package io.channelhub.connector.shopify;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Maps a Shopify order webhook (the full REST order resource) to a canonical order. */
@Component
public class ShopifyOrderNormaliser {

    static final Set<String> ORDER_TOPICS =
            Set.of("orders/create", "orders/updated", "orders/cancelled", "orders/paid", "orders/fulfilled");

    private final ObjectMapper json;

    public ShopifyOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        if (!ORDER_TOPICS.contains(event.eventType())) {
            throw new PermanentEventException("Shopify event type '" + event.eventType() + "' is not handled; handled: "
                    + ORDER_TOPICS);
        }
        JsonNode order = PayloadJson.object(json, event.body(), "Shopify order");
        String id = requiredText(order, "id");
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            lines.add(new OrderLine(text(line, "id"), text(line, "sku"), line.path("quantity").asInt(0),
                    decimal(line, "price", "Shopify")));
        }
        String financial = upper(text(order, "financial_status"));
        String fulfillment = fulfillment(text(order, "fulfillment_status"));
        Instant cancelledAt = PayloadJson.instant(order, "cancelled_at", "Shopify");
        return new CanonicalOrder(event.connectorId(), id, text(order, "name"),
                status(cancelledAt, financial, fulfillment), financial, fulfillment, text(order, "currency"),
                decimal(order, "total_price", "Shopify"), text(order, "email"), PayloadJson.instant(order, "created_at", "Shopify"),
                requiredInstant(order, "updated_at"), lines);
    }

    private static OrderStatus status(Instant cancelledAt, String financial, String fulfillment) {
        if (cancelledAt != null) {
            return OrderStatus.CANCELLED;
        }
        if ("FULFILLED".equals(fulfillment)) {
            return OrderStatus.FULFILLED;
        }
        if ("PAID".equals(financial)) {
            return OrderStatus.PAID;
        }
        return OrderStatus.OPEN;
    }

    private static String fulfillment(String shopifyValue) {
        if (shopifyValue == null) {
            return "UNFULFILLED";
        }
        return "partial".equals(shopifyValue) ? "PARTIAL" : upper(shopifyValue);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String requiredText(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new PermanentEventException("Shopify order payload has no '" + field + "'");
        }
        return value;
    }

    private static Instant requiredInstant(JsonNode node, String field) {
        requiredText(node, field);
        return PayloadJson.instant(node, field, "Shopify");
    }
}
