package io.channelhub.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of Amazon's Selling Partner API the hub calls: Login with Amazon's token endpoint (refresh-token grant)
 * and the Orders API's getOrders, getOrder and getOrderItems, which need a current {@code x-amz-access-token}.
 *
 * <p>getOrders behaves as Amazon documents it: {@code MarketplaceIds} (comma-separated) is required and selects the
 * orders' marketplace; the first page needs {@code LastUpdatedAfter} or {@code CreatedAfter} (ISO 8601, inclusive)
 * and takes {@code MaxResultsPerPage} (1 to 100, default 100); a page with more to come carries a {@code NextToken}
 * (opaque, with the {@code + / =} that must be URL-encoded), which stands for the whole query on the next request.
 * Its token bucket (default Amazon's 0.0167 requests a second, burst 20) answers 429 without Retry-After when empty,
 * as SP-API does, and every 2xx announces the rate in {@code x-amzn-RateLimit-Limit}. A test can set the bucket fast,
 * make pages small, throttle the next list requests or fail a page with 500.
 *
 * <p>{@link SimulatedOrder}s are rendered as SP-API Orders: OPEN → Pending, PAID → Unshipped, FULFILLED → Shipped,
 * CANCELLED → Canceled, in GBP on Amazon.co.uk, with one order item per line (ItemPrice = unit price × quantity).
 * Dialled 429s on getOrders carry no Retry-After either (the real API sends none), unlike those of
 * {@link #rateLimitNext}, which this simulator has always answered with Retry-After 0.2 s.
 */
public final class AmazonSimulator implements OrderSourceSimulator, AutoCloseable {

    public static final String CLIENT_ID = "amzn1.application-oa2-client.sim";
    public static final String CLIENT_SECRET = "sim-client-secret";
    public static final String REFRESH_TOKEN = "Atzr|sim-refresh-token";
    /** Amazon.co.uk, where simulated orders are placed. */
    public static final String MARKETPLACE_ID = "A1F83G8C2ARO7P";
    /** getOrders' documented usage plan. */
    public static final double GET_ORDERS_RATE = 0.0167;
    public static final int GET_ORDERS_BURST = 20;
    public static final int MAX_RESULTS_PER_PAGE = 100;

    private static final String ORDERS_PATH = "/orders/v0/orders";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order as held, with what getOrders filters on. */
    private record StoredOrder(String orderJson, String itemsJson, String marketplaceId, Instant purchased, Instant updated) {
    }

    /** What a NextToken stands for: the orders the first request matched, and where the next page starts. */
    private record Listing(List<String> orderIds, int pageSize, int offset, int pageIndex, Instant until) {
    }

    private final HttpServer server;
    private final Map<String, StoredOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, SimulatedOrder> simulatedOrders = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final AtomicInteger rateLimitedAnswers = new AtomicInteger();
    private final AtomicInteger orderRequests = new AtomicInteger();
    private final AtomicInteger listRateLimitedLeft = new AtomicInteger();
    private final AtomicInteger throttledListRequests = new AtomicInteger();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final TokenBucket getOrdersBucket = new TokenBucket(GET_ORDERS_RATE, GET_ORDERS_BURST);
    private volatile int listPageSize = MAX_RESULTS_PER_PAGE;
    private volatile int failingPage = -1;

    private AmazonSimulator(HttpServer server) {
        this.server = server;
    }

    public static AmazonSimulator start() {
        AmazonSimulator[] simulator = new AmazonSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/auth/o2/token", exchange -> simulator[0].token(exchange),
                ORDERS_PATH, exchange -> simulator[0].listOrders(exchange),
                ORDERS_PATH + "/", exchange -> simulator[0].orders(exchange)));
        simulator[0] = new AmazonSimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    /** Puts an order (getOrder payload) and its items (the OrderItems array) in the store; getOrders lists it too. */
    public void putOrder(String amazonOrderId, String orderJson, String orderItemsJson) {
        JsonNode order = read(orderJson);
        orders.put(amazonOrderId, new StoredOrder(orderJson, orderItemsJson, order.path("MarketplaceId").asText(MARKETPLACE_ID),
                Objects.requireNonNullElse(instant(order.path("PurchaseDate").asText(null)), Instant.EPOCH),
                Objects.requireNonNullElse(instant(order.path("LastUpdateDate").asText(null)), Instant.EPOCH)));
    }

    @Override
    public void upsertOrder(SimulatedOrder order) {
        simulatedOrders.put(order.orderId(), order);
        orders.put(order.orderId(), new StoredOrder(render(order), renderItems(order), MARKETPLACE_ID, order.createdAt(),
                order.updatedAt()));
    }

    /** The orders given to {@link #upsertOrder} (those put as raw JSON with {@link #putOrder} are not among them). */
    @Override
    public Collection<SimulatedOrder> orders() {
        return List.copyOf(simulatedOrders.values());
    }

    /** A fresh marketplace: no orders, no open listings, a full getOrders bucket (its rate stays as set). */
    @Override
    public void clearOrders() {
        orders.clear();
        simulatedOrders.clear();
        listings.clear();
        getOrdersBucket.refillFully();
    }

    /** The next {@code count} getOrders requests are answered 429 QuotaExceeded, without Retry-After as SP-API does. */
    @Override
    public void rateLimitNextListRequests(int count) {
        listRateLimitedLeft.set(count);
    }

    @Override
    public void failListPage(int pageIndex) {
        failingPage = pageIndex;
    }

    @Override
    public DialledFaults faults() {
        return SimulatedHttp.faults(server);
    }

    @Override
    public void heal() {
        faults().clear();
        failingPage = -1;
        listRateLimitedLeft.set(0);
        rateLimitedLeft.set(0);
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    /** getOrders' usage plan: the bucket refills {@code perSecond} up to {@code burst}; it starts full. */
    public void getOrdersRateLimit(double perSecond, int burst) {
        getOrdersBucket.set(perSecond, burst);
    }

    /** At most this many orders a page, whatever MaxResultsPerPage asks (Amazon's maximum, 100, by default). */
    public void listPageSize(int size) {
        listPageSize = size;
    }

    /** How many getOrders requests were answered 429, dialled or because the bucket was empty. */
    public int throttledListRequests() {
        return throttledListRequests.get();
    }

    /** The next {@code count} getOrder/getOrderItems calls are answered 429 with Retry-After 0.2 s. */
    public void rateLimitNext(int count) {
        rateLimitedLeft.set(count);
    }

    /** Every token issued so far stops working, as when Amazon revokes or expires them early. */
    public void expireTokens() {
        validTokens.clear();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int rateLimitedAnswers() {
        return rateLimitedAnswers.get();
    }

    public int orderRequests() {
        return orderRequests.get();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> fields = SimulatedHttp.form(exchange);
        if (!"refresh_token".equals(fields.get("grant_type")) || !REFRESH_TOKEN.equals(fields.get("refresh_token"))
                || !CLIENT_ID.equals(fields.get("client_id")) || !CLIENT_SECRET.equals(fields.get("client_secret"))) {
            SimulatedHttp.answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String token = "Atza|sim-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        SimulatedHttp.answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
    }

    private void listOrders(HttpExchange exchange) throws IOException {
        listRequests.incrementAndGet();
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        if (!ORDERS_PATH.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
            errors(exchange, 404, "NotFound", "Resource not found.");
            return;
        }
        if (!authorised(exchange)) {
            return;
        }
        if (listRateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 || !getOrdersBucket.tryTake()) {
            throttledListRequests.incrementAndGet();
            errors(exchange, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            return;
        }
        exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", getOrdersBucket.rateHeader());
        Map<String, String> query = query(exchange);
        String marketplaces = query.get("MarketplaceIds");
        if (marketplaces == null || marketplaces.isBlank()) {
            errors(exchange, 400, "InvalidInput", "Missing required parameter: MarketplaceIds.");
            return;
        }
        Listing listing;
        if (query.containsKey("NextToken")) {
            listing = listings.get(query.get("NextToken"));
            if (listing == null) {
                errors(exchange, 400, "InvalidInput", "We could not decode your NextToken. Possible reasons include: "
                        + "a transmission error, improper quoting or a truncation problem.");
                return;
            }
        } else {
            listing = firstPage(exchange, query, Set.of(marketplaces.split(",")));
            if (listing == null) {
                return;
            }
        }
        if (listing.pageIndex() == failingPage) {
            errors(exchange, 500, "InternalFailure", "We encountered an internal error. Please try again.");
            return;
        }
        SimulatedHttp.answer(exchange, 200, page(listing));
    }

    /** The listing a first request asks for, or null when it was refused (and answered). */
    private Listing firstPage(HttpExchange exchange, Map<String, String> query, Set<String> marketplaces) throws IOException {
        Instant updatedAfter;
        Instant createdAfter;
        int maxResults;
        try {
            updatedAfter = instant(query.get("LastUpdatedAfter"));
            createdAfter = instant(query.get("CreatedAfter"));
            maxResults = Integer.parseInt(query.getOrDefault("MaxResultsPerPage", String.valueOf(MAX_RESULTS_PER_PAGE)));
        } catch (DateTimeParseException | NumberFormatException e) {
            errors(exchange, 400, "InvalidInput", "Invalid input: " + e.getMessage());
            return null;
        }
        if (updatedAfter == null && createdAfter == null) {
            errors(exchange, 400, "InvalidInput", "Either CreatedAfter or LastUpdatedAfter must be specified.");
            return null;
        }
        if (maxResults < 1 || maxResults > MAX_RESULTS_PER_PAGE) {
            errors(exchange, 400, "InvalidInput", "MaxResultsPerPage must be between 1 and 100.");
            return null;
        }
        List<String> matching = orders.entrySet().stream()
                .filter(e -> marketplaces.contains(e.getValue().marketplaceId()))
                .filter(e -> updatedAfter == null || !e.getValue().updated().isBefore(updatedAfter))
                .filter(e -> createdAfter == null || !e.getValue().purchased().isBefore(createdAfter))
                .sorted(Comparator.comparing((Map.Entry<String, StoredOrder> e) -> e.getValue().updated())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        return new Listing(matching, Math.min(maxResults, listPageSize), 0, 0, Instant.now());
    }

    private String page(Listing listing) {
        ObjectNode payload = JSON.createObjectNode();
        ArrayNode page = payload.putArray("Orders");
        int end = Math.min(listing.orderIds().size(), listing.offset() + listing.pageSize());
        for (String orderId : listing.orderIds().subList(listing.offset(), end)) {
            StoredOrder order = orders.get(orderId);
            if (order != null) {
                page.add(read(order.orderJson()));
            }
        }
        if (end < listing.orderIds().size()) {
            String nextToken = nextToken();
            listings.put(nextToken, new Listing(listing.orderIds(), listing.pageSize(), end, listing.pageIndex() + 1,
                    listing.until()));
            payload.put("NextToken", nextToken);
        }
        payload.put("LastUpdatedBefore", listing.until().toString());
        ObjectNode body = JSON.createObjectNode();
        body.set("payload", payload);
        return body.toString();
    }

    /** Opaque, and with the characters of real NextTokens that only survive when URL-encoded. */
    private static String nextToken() {
        byte[] random = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return "+/" + Base64.getEncoder().encodeToString(random) + "=";
    }

    private void orders(HttpExchange exchange) throws IOException {
        orderRequests.incrementAndGet();
        exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", "0.5");
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            rateLimitedAnswers.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "0.2");
            SimulatedHttp.answer(exchange, 429, "{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"You exceeded your quota\"}]}");
            return;
        }
        if (!authorised(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath().substring((ORDERS_PATH + "/").length());
        boolean items = path.endsWith("/orderItems");
        String orderId = items ? path.substring(0, path.length() - "/orderItems".length()) : path;
        StoredOrder order = orders.get(orderId);
        if (order == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"code\":\"NotFound\",\"message\":\"Invalid AmazonOrderId\"}]}");
        } else if (items) {
            SimulatedHttp.answer(exchange, 200, "{\"payload\":{\"AmazonOrderId\":\"" + orderId + "\",\"OrderItems\":" + order.itemsJson() + "}}");
        } else {
            SimulatedHttp.answer(exchange, 200, "{\"payload\":" + order.orderJson() + "}");
        }
    }

    /** Whether the request carries a current access token; if not, it has been answered 403 as SP-API does. */
    private boolean authorised(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("x-amz-access-token");
        if (token != null && validTokens.contains(token)) {
            return true;
        }
        errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.");
        return false;
    }

    private static void errors(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        error.put("details", "");
        SimulatedHttp.answer(exchange, status, body.toString());
    }

    /** The query's parameters, decoded as a server does (so an unencoded '+' arrives as a space). */
    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    private static String render(SimulatedOrder order) {
        BigDecimal total = BigDecimal.ZERO;
        int quantity = 0;
        for (SimulatedOrder.Line line : order.lines()) {
            total = total.add(line.price().multiply(BigDecimal.valueOf(line.quantity())));
            quantity += line.quantity();
        }
        boolean shipped = "FULFILLED".equals(order.status());
        ObjectNode json = JSON.createObjectNode();
        json.put("AmazonOrderId", order.orderId());
        json.put("PurchaseDate", order.createdAt().toString());
        json.put("LastUpdateDate", order.updatedAt().toString());
        json.put("OrderStatus", orderStatus(order.status()));
        json.put("FulfillmentChannel", "MFN");
        json.put("SalesChannel", "Amazon.co.uk");
        money(json.putObject("OrderTotal"), total);
        json.put("NumberOfItemsShipped", shipped ? quantity : 0);
        json.put("NumberOfItemsUnshipped", shipped ? 0 : quantity);
        json.put("MarketplaceId", MARKETPLACE_ID);
        json.put("OrderType", "StandardOrder");
        return json.toString();
    }

    private static String renderItems(SimulatedOrder order) {
        ArrayNode items = JSON.createArrayNode();
        int index = 0;
        for (SimulatedOrder.Line line : order.lines()) {
            ObjectNode item = items.addObject();
            item.put("ASIN", "B0SIM" + index);
            item.put("SellerSKU", line.sku());
            item.put("OrderItemId", order.orderId().replaceAll("\\D", "") + index++);
            item.put("Title", line.sku());
            item.put("QuantityOrdered", line.quantity());
            item.put("QuantityShipped", "FULFILLED".equals(order.status()) ? line.quantity() : 0);
            money(item.putObject("ItemPrice"), line.price().multiply(BigDecimal.valueOf(line.quantity())));
        }
        return items.toString();
    }

    private static String orderStatus(String status) {
        return switch (status) {
            case "OPEN" -> "Pending";
            case "PAID" -> "Unshipped";
            case "FULFILLED" -> "Shipped";
            case "CANCELLED" -> "Canceled";
            default -> throw new IllegalArgumentException("no Amazon OrderStatus for " + status);
        };
    }

    private static void money(ObjectNode node, BigDecimal amount) {
        node.put("CurrencyCode", "GBP");
        node.put("Amount", amount.toPlainString());
    }

    private static Instant instant(String iso) {
        return iso == null ? null : OffsetDateTime.parse(iso).toInstant();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** SP-API's rate limiting: tokens refill continuously up to the burst; a request without one is throttled. */
    private static final class TokenBucket {

        private double rate;
        private int burst;
        private double tokens;
        private long refilledAt = System.nanoTime();

        TokenBucket(double rate, int burst) {
            set(rate, burst);
        }

        synchronized void set(double newRate, int newBurst) {
            rate = newRate;
            burst = newBurst;
            refillFully();
        }

        synchronized void refillFully() {
            tokens = burst;
            refilledAt = System.nanoTime();
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized String rateHeader() {
            return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
        }
    }
}
