package io.channelhub.connector.ebay;

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
 * Maps a Fulfillment API order to a canonical order. Cancelled (cancelStatus.cancelState CANCELED) → CANCELLED;
 * orderFulfillmentStatus FULFILLED → FULFILLED; orderPaymentStatus PAID → PAID; else OPEN. lineItemCost is the
 * line's total, so the unit price is lineItemCost / quantity.
 */
@Component
public class EbayOrderNormaliser {

    private final ObjectMapper json;

    public EbayOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        JsonNode order = PayloadJson.object(json, event.body(), "eBay order");
        String id = text(order, "orderId");
        Instant modified = PayloadJson.instant(order, "lastModifiedDate", "eBay");
        if (id == null || modified == null) {
            throw new PermanentEventException("eBay order needs orderId and lastModifiedDate");
        }
        String payment = text(order, "orderPaymentStatus");
        String fulfilment = text(order, "orderFulfillmentStatus");
        boolean cancelled = "CANCELED".equals(order.path("cancelStatus").path("cancelState").asText(null));
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode item : order.path("lineItems")) {
            int quantity = item.path("quantity").asInt(0);
            BigDecimal total = PayloadJson.decimal(item.path("lineItemCost"), "value", "eBay");
            BigDecimal unit = total == null || quantity == 0 ? total
                    : total.divide(BigDecimal.valueOf(quantity), 4, RoundingMode.HALF_UP);
            lines.add(new OrderLine(text(item, "lineItemId"), text(item, "sku"), quantity, unit));
        }
        OrderStatus status = cancelled ? OrderStatus.CANCELLED
                : "FULFILLED".equals(fulfilment) ? OrderStatus.FULFILLED
                : "PAID".equals(payment) ? OrderStatus.PAID : OrderStatus.OPEN;
        String fulfilled = "FULFILLED".equals(fulfilment) ? "FULFILLED" : "IN_PROGRESS".equals(fulfilment) ? "PARTIAL" : "UNFULFILLED";
        JsonNode total = order.path("pricingSummary").path("total");
        return new CanonicalOrder(event.connectorId(), id, id, status, payment, fulfilled, text(total, "currency"),
                PayloadJson.decimal(total, "value", "eBay"),
                text(order.path("buyer").path("buyerRegistrationAddress"), "email"), PayloadJson.instant(order, "creationDate", "eBay"),
                modified, lines);
    }

}
