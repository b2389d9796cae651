package io.channelhub.connector.bol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.TransientMarketplaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads Bol's order list page by page for reconciliation (see {@link BolListCursor} for how a window becomes list
 * queries). A listed order is reduced (no prices, offer reference or buyer), so each one whose latest change is at
 * or after {@code since} is fetched with getOrder and handed on in the form a resolved push has:
 * {@code {"order": <getOrder answer>, "changedAt": <its latest change as listed>}}.
 */
@Component
public class BolOrderPoller {

    /** The event type polled orders are stored under; the normaliser treats every Bol order event alike. */
    static final String EVENT_TYPE = "ORDER:POLLED";

    private final ObjectMapper json;
    private final BolApi api;
    private final Clock clock;

    public BolOrderPoller(ObjectMapper json, BolApi api, Clock clock) {
        this.json = json;
        this.api = api;
        this.clock = clock;
    }

    PolledPage page(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        Instant now = clock.instant();
        BolListCursor at = cursor == null ? BolListCursor.first(since, now) : BolListCursor.parse(cursor);
        if (!at.reaches(since, now)) {
            // a later page would silently miss what changed just after since: fail, and the window is polled again
            throw new TransientMarketplaceException("Bol order list run took too long: " + at.format()
                    + " no longer reaches back to " + since);
        }
        JsonNode listed = parse(api.orderList(connectorId, settings, at.query()));
        // an empty page is {} (no "orders" at all), which path() reads as no orders
        JsonNode orders = listed.path("orders");
        Set<String> seen = new LinkedHashSet<>();
        List<PolledOrder> polled = new ArrayList<>();
        for (JsonNode order : orders) {
            String orderId = order.path("orderId").asText(null);
            Instant changedAt = listedChange(order);
            // the filters are coarser than the window (whole minutes, whole days): drop what changed before it
            if (orderId == null || !seen.add(orderId) || changedAt != null && changedAt.isBefore(since)) {
                continue;
            }
            polled.add(new PolledOrder(orderId, EVENT_TYPE, resolved(connectorId, settings, orderId, changedAt)));
        }
        BolListCursor next = at.after(orders.size());
        return new PolledPage(polled, next == null ? null : next.format());
    }

    private byte[] resolved(String connectorId, ConnectorSettings settings, String orderId, Instant changedAt) {
        ObjectNode body = json.createObjectNode();
        body.set("order", parse(api.order(connectorId, settings, orderId)));
        if (changedAt != null) {
            body.put("changedAt", changedAt.toString());
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The listed order's latest change; null when it carries none Bol's way (the normaliser will judge the order). */
    private static Instant listedChange(JsonNode order) {
        try {
            return BolOrderNormaliser.latestChange(order);
        } catch (PermanentEventException unreadable) {
            return null;
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body.getBytes(StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new TransientMarketplaceException("Bol answered something that is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new TransientMarketplaceException("Bol answered something that is not JSON", e);
        }
    }
}
