package io.channelhub.connector.standardwebhooks;

import static io.channelhub.connector.PayloadJson.decimal;
import static io.channelhub.connector.PayloadJson.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.order.CanonicalOrder;
import io.channelhub.order.OrderLine;
import io.channelhub.order.OrderStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The hub's generic order format, for senders without a marketplace of their own: a Standard Webhooks envelope
 * {@code {"type": "order.<anything>", "timestamp": ..., "data": {order}}} whose {@code data} carries the canonical
 * fields by name (docs/connectors.md lists them).
 */
@Component
public class GenericOrderNormaliser {

    private static final JsonFactory JSON = new JsonFactory();

    private final ObjectMapper json;

    public GenericOrderNormaliser(ObjectMapper json) {
        this.json = json;
    }

    public CanonicalOrder normalise(InboundEvent event) {
        if (event.eventType() == null || !event.eventType().startsWith("order.")) {
            throw new PermanentEventException("event type '" + event.eventType() + "' is not an order event (order.*)");
        }
        JsonNode data = PayloadJson.object(json, event.body(), "generic order").get("data");
        if (data == null || !data.isObject()) {
            throw new PermanentEventException("payload has no 'data' object");
        }
        String id = text(data, "id");
        Instant updatedAt = instant(data, "updatedAt");
        if (id == null || updatedAt == null) {
            throw new PermanentEventException("order needs 'data.id' and 'data.updatedAt'");
        }
        List<OrderLine> lines = new ArrayList<>();
        for (JsonNode line : data.path("lines")) {
            lines.add(new OrderLine(text(line, "lineId"), text(line, "sku"), line.path("quantity").asInt(0),
                    decimal(line, "price", "generic order")));
        }
        return new CanonicalOrder(event.connectorId(), id, text(data, "name"), status(text(data, "status")),
                upper(text(data, "financialStatus")), upper(text(data, "fulfillmentStatus")), text(data, "currency"),
                decimal(data, "totalPrice", "generic order"), text(data, "customerEmail"), instant(data, "createdAt"), updatedAt, lines);
    }

    /** data.id, read without parsing the whole body (ingest uses it for the Kafka key); null when unreadable. */
    static String dataId(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = parser.currentName();
                        JsonToken innerValue = parser.nextToken();
                        if ("id".equals(inner) && innerValue.isScalarValue()) {
                            return parser.getText();
                        }
                        parser.skipChildren();
                    }
                    return null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static OrderStatus status(String value) {
        try {
            return value == null ? OrderStatus.OPEN : OrderStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new PermanentEventException("unknown order status '" + value + "'; known: "
                    + List.of(OrderStatus.values()), unknown);
        }
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PermanentEventException("field '" + field + "' is not an ISO-8601 instant: " + value, e);
        }
    }
}
