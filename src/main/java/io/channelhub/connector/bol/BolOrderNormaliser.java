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
 * Maps a fetched Bol order to a canonical order: {"order": getOrder answer, "notifiedAt": push timestamp} from a
 * resolved push, or {"order": ..., "changedAt": latest change as listed} from reconciliation. The version is the
 * order's own last change, the latest {@code latestChangedDateTime} of its items, so a push and a poll of the same
 * state carry the same version; only an order without it falls back to changedAt, then to the push's timestamp.
 * Bol orders are paid when placed: every item cancelled → CANCELLED; every item shipped → FULFILLED; else PAID. The
 * SKU is the offer's reference (the seller's own code), else the EAN; the currency is EUR.
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
        Instant version = latestChange(order);
        if (version == null) {
            version = PayloadJson.instant(resolved, "changedAt", "Bol");
        }
        if (version == null) {
            version = PayloadJson.instant(resolved, "notifiedAt", "Bol");
        }
        if (id == null || version == null) {
            throw new PermanentEventException("Bol order needs orderId and a change time (its items' "
                    + "latestChangedDateTime, or the push's timestamp)");
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

    /** The latest {@code latestChangedDateTime} of the order's items (getOrder or list entry); null when none has one. */
    static Instant latestChange(JsonNode order) {
        Instant latest = null;
        for (JsonNode item : order.path("orderItems")) {
            Instant changed = PayloadJson.instant(item, "latestChangedDateTime", "Bol");
            if (changed != null && (latest == null || changed.isAfter(latest))) {
                latest = changed;
            }
        }
        return latest;
    }
}
