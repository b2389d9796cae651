package io.channelhub.connector.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.MarketplaceHttp;
import io.channelhub.connector.PayloadJson;
import io.channelhub.connector.PermanentEventException;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.amazon.AmazonRateLimits.Operation;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Selling Partner Orders API: getOrder and getOrderItems to resolve a notification, getOrders (and getOrderItems
 * for each order listed) to reconcile, through {@link SellingPartnerClient} (Login with Amazon token, calls paced by
 * {@link AmazonRateLimits}).
 */
@Component
public class AmazonOrdersApi {

    /** The event type orders are stored under, whether a notification named them or a poll listed them. */
    static final String ORDER_CHANGE = "ORDER_CHANGE";
    /** Amazon's largest page (and its default). */
    static final int MAX_RESULTS_PER_PAGE = 100;
    /** getOrders accepts at most this many marketplaces in one call. */
    static final int MAX_MARKETPLACE_IDS = 50;

    private static final Logger log = LoggerFactory.getLogger(AmazonOrdersApi.class);
    // no longer than MarketplaceHttp itself waits out a 429 on each path
    private static final Duration LONGEST_RESOLVE_WAIT = Duration.ofSeconds(30);
    private static final Duration LONGEST_POLL_WAIT = Duration.ofMinutes(2);

    private final SellingPartnerClient client;
    private final ObjectMapper json;

    public AmazonOrdersApi(SellingPartnerClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** The event with the order it names, and the order's items, as its body: {"order": ..., "orderItems": [...]}. */
    InboundEvent fetchOrderFor(InboundEvent event, JsonNode notification, ConnectorSettings settings) {
        String orderId = notification.path("Payload").path("OrderChangeNotification").path("AmazonOrderId").asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new PermanentEventException("Amazon notification names no Payload.OrderChangeNotification.AmazonOrderId");
        }
        String connectorId = event.connectorId();
        String base = settings.requiredOption(connectorId, "api-base-url");
        JsonNode order = get(connectorId, settings, base + "/orders/v0/orders/" + encode(orderId), Operation.GET_ORDER,
                "Amazon getOrder " + orderId, false).path("payload");
        JsonNode items = orderItems(connectorId, settings, base, orderId, false);
        return new InboundEvent(connectorId, event.eventId(), event.eventType(), event.receivedAt(), event.headers(),
                resolved(order, items));
    }

    /**
     * One page of getOrders: the orders last updated at or after {@code since} in the connector's marketplaces, each
     * with its items, in the form {@link #fetchOrderFor} gives a notification. A null cursor asks for the first page;
     * otherwise it is the NextToken of the page before, which stands for the whole query (Amazon ignores the other
     * criteria with it; only MarketplaceIds, a required parameter, goes along).
     */
    PolledPage changedOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        String base = settings.requiredOption(connectorId, "api-base-url");
        StringBuilder query = new StringBuilder("MarketplaceIds=").append(marketplaceIds(connectorId, settings).stream()
                .map(AmazonOrdersApi::encode).collect(Collectors.joining(",")));
        if (cursor == null) {
            query.append("&LastUpdatedAfter=").append(encode(Objects.requireNonNull(since, "since").toString()))
                    .append("&MaxResultsPerPage=").append(MAX_RESULTS_PER_PAGE);
        } else {
            query.append("&NextToken=").append(encode(cursor));
        }
        JsonNode payload = get(connectorId, settings, base + "/orders/v0/orders?" + query, Operation.GET_ORDERS,
                "Amazon getOrders", true).path("payload");
        List<PolledOrder> orders = new ArrayList<>();
        for (JsonNode order : payload.path("Orders")) {
            String orderId = PayloadJson.text(order, "AmazonOrderId");
            if (orderId == null) {
                log.warn("Amazon getOrders listed an order without AmazonOrderId for connector {}; skipped", connectorId);
                continue;
            }
            // getOrders lists orders without their items; the order as listed carries its LastUpdateDate, the version
            orders.add(new PolledOrder(orderId, ORDER_CHANGE,
                    resolved(order, orderItems(connectorId, settings, base, orderId, true))));
        }
        return new PolledPage(orders, PayloadJson.text(payload, "NextToken"));
    }

    /** The marketplaces to list orders of: option {@code marketplace-ids}, comma-separated. */
    static List<String> marketplaceIds(String connectorId, ConnectorSettings settings) {
        List<String> ids = Arrays.stream(settings.requiredOption(connectorId, "marketplace-ids").split(","))
                .map(String::trim).filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty() || ids.size() > MAX_MARKETPLACE_IDS) {
            throw new IllegalStateException("connector '" + connectorId + "': options.marketplace-ids must name 1 to "
                    + MAX_MARKETPLACE_IDS + " marketplaces, comma-separated");
        }
        return ids;
    }

    private JsonNode orderItems(String connectorId, ConnectorSettings settings, String base, String orderId, boolean polling) {
        return get(connectorId, settings, base + "/orders/v0/orders/" + encode(orderId) + "/orderItems",
                Operation.GET_ORDER_ITEMS, "Amazon getOrderItems " + orderId, polling).path("payload").path("OrderItems");
    }

    private byte[] resolved(JsonNode order, JsonNode items) {
        ObjectNode resolved = json.createObjectNode();
        resolved.set("order", order);
        resolved.set("orderItems", items);
        try {
            return json.writeValueAsBytes(resolved);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * A paced GET with the current token. Polling calls wait out rate limits patiently and learn the rate Amazon
     * announces; calls resolving a notification keep to the shorter patience of the processing side.
     */
    private JsonNode get(String connectorId, ConnectorSettings settings, String url, Operation operation, String what,
            boolean polling) {
        HttpRequest.Builder request = MarketplaceHttp.request(url).header("Accept", "application/json").GET();
        return polling ? client.poll(connectorId, settings, operation, LONGEST_POLL_WAIT, what, request)
                : client.send(connectorId, settings, operation, LONGEST_RESOLVE_WAIT, what, request);
    }

    private static String encode(String value) {
        return SellingPartnerClient.encode(value);
    }
}
