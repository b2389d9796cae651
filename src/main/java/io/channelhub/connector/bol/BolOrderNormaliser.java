package io.channelhub.connector.bol;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Maps a fetched Bol order ({"order": getOrder answer, "notifiedAt": push timestamp}) to a canonical order. Bol
 * orders are paid when placed and carry no modification time, so the push's timestamp is the version. Every item
 * cancelled → CANCELLED; every item shipped → FULFILLED; else PAID. The SKU is the offer's reference (the seller's
 * own code), else the EAN; the currency is EUR.
 */
@Component
public class BolOrderNormaliser {

    private final ObjectMapper json;

    public BolOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        JsonNode resolved = PayloadJson.object(json, event.body(), "Bol order");
        JsonNode order = resolved.path("order");
        String id = text(order, "orderId");
        Instant version = PayloadJson.instant(resolved, "notifiedAt", "Bol");
        if (id == null || version == null) {
            throw new PermanentEventException("Bol order needs orderId and the push's timestamp");
        }
        List<OrderLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int ordered = 0;
        int shipped = 0;
        int cancelled = 0;
        for (JsonNode item : order.path("orderItems")) {
            int quantity = item.path("quantity").asInt(0);
            BigDecimal unit = PayloadJson.decimal(item, "unitPrice", "Bol");
            String sku = text(item.path("offer"), "reference");
            lines.add(new OrderLine(text(item, "orderItemId"), sku != null ? sku : text(item.path("product"), "ean"), quantity, unit));
            total = unit == null ? total : total.add(unit.multiply(BigDecimal.valueOf(quantity)));
            ordered += quantity;
            shipped += item.path("quantityShipped").asInt(0);
            cancelled += item.path("quantityCancelled").asInt(0);
        }
        OrderStatus status = ordered > 0 && cancelled >= ordered ? OrderStatus.CANCELLED
                : ordered > 0 && shipped + cancelled >= ordered ? OrderStatus.FULFILLED : OrderStatus.PAID;
        String fulfilment = status == OrderStatus.FULFILLED ? "FULFILLED" : shipped > 0 ? "PARTIAL" : "UNFULFILLED";
        return new CanonicalOrder(event.connectorId(), id, id, status, status == OrderStatus.CANCELLED ? "VOIDED" : "PAID",
                fulfilment, "EUR", total, text(order.path("billingDetails"), "email"), PayloadJson.instant(order, "orderPlacedDateTime", "Bol"),
                version, lines);
    }

}
