package io.channelhub.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * eBay as the hub meets it: the OAuth token endpoint (client credentials for the application, refresh token for
 * the seller), the Notification API's public keys by key id, the Fulfillment API's getOrder and getOrders, and
 * notifications signed the way eBay signs them (ECDSA P-256 over the body, SHA1 digest, X-EBAY-SIGNATURE).
 *
 * <p>getOrders ({@code GET /sell/fulfillment/v1/order}) takes {@code filter} (creationdate and lastmodifieddate
 * ranges {@code [from..]} or {@code [from..to]}, inclusive, UTC with milliseconds, brackets percent-encoded;
 * orderfulfillmentstatus {@code {A|B}}), {@code limit} (default 50, at most 200) and {@code offset} (default 0);
 * without a filter it lists the orders created in the last 90 days. Orders come oldest-created first; the answer
 * is an OrderSearchPagedCollection whose {@code next} is the full URL of the next page, present only when there is
 * one. A {@link SimulatedOrder} is rendered as eBay's Order: OPEN as payment PENDING, PAID as PAID and NOT_STARTED,
 * FULFILLED as PAID and FULFILLED, CANCELLED as cancelState CANCELED and FULLY_REFUNDED; times to the millisecond,
 * as eBay keeps them.
 */
public final class EbaySimulator implements AutoCloseable, OrderSourceSimulator {

    public static final String CLIENT_ID = "sim-ebay-app";
    public static final String CLIENT_SECRET = "sim-ebay-cert";
    public static final String REFRESH_TOKEN = "v^1.1#sim-user-refresh";

    private static final String ORDERS_PATH = "/sell/fulfillment/v1/order";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final DateTimeFormatter EBAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("\\[(.*?)\\.\\.(.*)]");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final String RETRY_AFTER_SECONDS = "0.2";

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, KeyPair> signingKeys = new ConcurrentHashMap<>();
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final Map<String, SimulatedOrder> simulatedOrders = new ConcurrentHashMap<>();
    private final Set<Integer> failingPages = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final Set<String> appTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> userTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicInteger keyFetches = new AtomicInteger();

    private EbaySimulator(HttpServer server) {
        this.server = server;
    }

    public static EbaySimulator start() {
        EbaySimulator[] simulator = new EbaySimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/identity/v1/oauth2/token", exchange -> simulator[0].token(exchange),
                "/commerce/notification/v1/public_key/", exchange -> simulator[0].publicKey(exchange),
                ORDERS_PATH + "/", exchange -> simulator[0].order(exchange),
                ORDERS_PATH, exchange -> simulator[0].listOrders(exchange)));
        simulator[0] = new EbaySimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    /** Puts an order (the getOrder resource, as given) in the store; getOrders does not list it. */
    public void putOrder(String orderId, String orderJson) {
        orders.put(orderId, orderJson);
    }

    @Override
    public void upsertOrder(SimulatedOrder order) {
        simulatedOrders.put(order.orderId(), order);
    }

    @Override
    public Collection<SimulatedOrder> orders() {
        return List.copyOf(simulatedOrders.values());
    }

    @Override
    public void clearOrders() {
        simulatedOrders.clear();
    }

    @Override
    public void rateLimitNextListRequests(int count) {
        rateLimitedLeft.set(count);
    }

    @Override
    public void failListPage(int pageIndex) {
        failingPages.add(pageIndex);
    }

    @Override
    public DialledFaults faults() {
        return SimulatedHttp.faults(server);
    }

    @Override
    public void heal() {
        faults().clear();
        failingPages.clear();
        rateLimitedLeft.set(0);
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    /** Every user token issued so far stops working, as when eBay expires or revokes them early. */
    public void expireUserTokens() {
        userTokens.clear();
    }

    public int keyFetches() {
        return keyFetches.get();
    }

    /** The X-EBAY-SIGNATURE header eBay would send with this body, signed with key {@code kid} (made on first use). */
    public String signatureHeader(String kid, byte[] body) {
        try {
            KeyPair pair = signingKeys.computeIfAbsent(kid, unused -> newKeyPair());
            Signature signer = Signature.getInstance("SHA1withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(body);
            String json = "{\"alg\":\"ecdsa\",\"kid\":\"" + kid + "\",\"signature\":\""
                    + Base64.getEncoder().encodeToString(signer.sign()) + "\",\"digest\":\"SHA1\"}";
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = SimulatedHttp.form(exchange);
        if (!SimulatedHttp.basic(exchange, CLIENT_ID, CLIENT_SECRET)) {
            SimulatedHttp.answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "v^1.1#sim-" + tokens.incrementAndGet();
        if ("client_credentials".equals(form.get("grant_type"))) {
            appTokens.add(token);
        } else if ("refresh_token".equals(form.get("grant_type")) && REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            userTokens.add(token);
        } else {
            SimulatedHttp.answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        SimulatedHttp.answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":7200,\"token_type\":\"User Access Token\"}");
    }

    private void publicKey(HttpExchange exchange) throws IOException {
        keyFetches.incrementAndGet();
        if (!appTokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":[{\"errorId\":1001,\"message\":\"Invalid access token\"}]}");
            return;
        }
        String kid = exchange.getRequestURI().getPath().substring("/commerce/notification/v1/public_key/".length());
        KeyPair pair = signingKeys.get(kid);
        if (pair == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"errorId\":195000,\"message\":\"Resource not found\"}]}");
            return;
        }
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\\n-----END PUBLIC KEY-----";
        SimulatedHttp.answer(exchange, 200, "{\"algorithm\":\"ECDSA\",\"digest\":\"SHA1\",\"key\":\"" + pem + "\"}");
    }

    private void order(HttpExchange exchange) throws IOException {
        if (!userTokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":[{\"errorId\":1001,\"message\":\"Invalid access token\"}]}");
            return;
        }
        String orderId = exchange.getRequestURI().getPath().substring("/sell/fulfillment/v1/order/".length());
        SimulatedOrder simulated = simulatedOrders.get(orderId);
        String order = simulated != null ? json.writeValueAsString(render(simulated)) : orders.get(orderId);
        if (order == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"errorId\":32100,\"message\":\"Invalid order ID\"}]}");
        } else {
            SimulatedHttp.answer(exchange, 200, order);
        }
    }

    /** getOrders: the seller's orders matching the filter, one page at limit/offset. */
    private void listOrders(HttpExchange exchange) throws IOException {
        listRequests.incrementAndGet();
        if (!ORDERS_PATH.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"errorId\":2002,\"message\":\"Resource not found\"}]}");
            return;
        }
        if (!userTokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":[{\"errorId\":1001,\"domain\":\"OAuth\",\"category\":\"REQUEST\","
                    + "\"message\":\"Invalid access token\"}]}");
            return;
        }
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", RETRY_AFTER_SECONDS);
            SimulatedHttp.answer(exchange, 429, "{\"errors\":[{\"errorId\":2001,\"domain\":\"ACCESS\",\"category\":\"REQUEST\","
                    + "\"message\":\"Too many requests. The request limit has been reached for the resource.\"}]}");
            return;
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> rawParameters = rawParameters(rawQuery);
        String rawFilter = rawParameters.get("filter");
        if (rawFilter != null && rawFilter.matches(".*[\\[\\]{}|].*")) {
            // eBay's documentation: [ ] { } | must be percent-encoded in the query string
            refuse(exchange, 30800, "Invalid filter value " + rawFilter + " for filter: characters must be percent-encoded");
            return;
        }
        Integer limit = number(rawParameters.get("limit"), DEFAULT_LIMIT);
        if (limit == null || limit < 1 || limit > MAX_LIMIT) {
            refuse(exchange, 31100, "Invalid limit: " + rawParameters.get("limit"));
            return;
        }
        Integer offset = number(rawParameters.get("offset"), 0);
        if (offset == null || offset < 0) {
            refuse(exchange, 31000, "Invalid offset: " + rawParameters.get("offset"));
            return;
        }
        Predicate<SimulatedOrder> filter;
        try {
            filter = filter(rawFilter == null ? null : URLDecoder.decode(rawFilter, StandardCharsets.UTF_8));
        } catch (FilterRefused refused) {
            refuse(exchange, refused.errorId, refused.getMessage());
            return;
        }
        if (failingPages.contains(offset / limit)) {
            SimulatedHttp.answer(exchange, 500, "{\"errors\":[{\"errorId\":30500,\"domain\":\"API_FULFILLMENT\","
                    + "\"category\":\"APPLICATION\",\"message\":\"System error\"}]}");
            return;
        }
        List<SimulatedOrder> matching = simulatedOrders.values().stream().map(EbaySimulator::toEbayPrecision)
                .filter(filter)
                .sorted(Comparator.comparing(SimulatedOrder::createdAt).thenComparing(SimulatedOrder::orderId))
                .toList();
        String self = baseUrl() + ORDERS_PATH + "?" + (rawFilter == null ? "" : "filter=" + rawFilter + "&");
        ObjectNode page = json.createObjectNode();
        page.put("href", self + "limit=" + limit + "&offset=" + offset);
        page.put("total", matching.size());
        page.put("limit", limit);
        page.put("offset", offset);
        if (offset + limit < matching.size()) {
            page.put("next", self + "limit=" + limit + "&offset=" + (offset + limit));
        }
        if (offset > 0) {
            page.put("prev", self + "limit=" + limit + "&offset=" + Math.max(0, offset - limit));
        }
        ArrayNode listed = page.putArray("orders");
        matching.stream().skip(offset).limit(limit).forEach(order -> listed.add(render(order)));
        SimulatedHttp.answer(exchange, 200, json.writeValueAsString(page));
    }

    /** The filter's criteria, all of which an order must meet; if both date ranges are given only creationdate counts. */
    private static Predicate<SimulatedOrder> filter(String filter) throws FilterRefused {
        if (filter == null || filter.isBlank()) {
            Instant ninetyDaysAgo = Instant.now().minus(Duration.ofDays(90));
            return order -> !order.createdAt().isBefore(ninetyDaysAgo);
        }
        Map<String, String> criteria = new HashMap<>();
        for (String criterion : filter.split(",")) {
            String[] nameValue = criterion.trim().split(":", 2);
            if (nameValue.length < 2 || !Set.of("creationdate", "lastmodifieddate", "orderfulfillmentstatus").contains(nameValue[0])) {
                throw new FilterRefused(30700, "Invalid filter name: " + nameValue[0]);
            }
            criteria.put(nameValue[0], nameValue[1]);
        }
        Predicate<SimulatedOrder> all = order -> true;
        if (criteria.containsKey("creationdate")) {
            all = all.and(range("creationdate", criteria.get("creationdate"), SimulatedOrder::createdAt));
        } else if (criteria.containsKey("lastmodifieddate")) {
            all = all.and(range("lastmodifieddate", criteria.get("lastmodifieddate"), SimulatedOrder::updatedAt));
        }
        if (criteria.containsKey("orderfulfillmentstatus")) {
            String value = criteria.get("orderfulfillmentstatus");
            if (!value.startsWith("{") || !value.endsWith("}")) {
                throw new FilterRefused(30800, "Invalid filter value " + value + " for filter orderfulfillmentstatus");
            }
            Set<String> wanted = Set.of(value.substring(1, value.length() - 1).split("\\|"));
            all = all.and(order -> wanted.contains(fulfilment(order)));
        }
        return all;
    }

    private static Predicate<SimulatedOrder> range(String name, String value, Function<SimulatedOrder, Instant> field)
            throws FilterRefused {
        Matcher range = RANGE.matcher(value);
        if (!range.matches()) {
            throw new FilterRefused(30800, "Invalid filter value " + value + " for filter " + name);
        }
        if (range.group(1).isEmpty()) {
            throw new FilterRefused(30820, "Start date is missing");
        }
        Instant from = time(range.group(1));
        Instant to = range.group(2).isEmpty() ? null : time(range.group(2));
        if (to != null && to.isBefore(from)) {
            throw new FilterRefused(30840, "Start date should be before end date");
        }
        return order -> !field.apply(order).isBefore(from) && (to == null || !field.apply(order).isAfter(to));
    }

    private static Instant time(String value) throws FilterRefused {
        if (!TIME.matcher(value).matches()) {
            throw new FilterRefused(30810, "Invalid date format");
        }
        return Instant.parse(value);
    }

    /** A refused filter, with eBay's error id for it. */
    private static final class FilterRefused extends Exception {
        private final int errorId;

        FilterRefused(int errorId, String message) {
            super(message);
            this.errorId = errorId;
        }
    }

    private static void refuse(HttpExchange exchange, int errorId, String message) throws IOException {
        SimulatedHttp.answer(exchange, 400, "{\"errors\":[{\"errorId\":" + errorId + ",\"domain\":\"API_FULFILLMENT\","
                + "\"category\":\"REQUEST\",\"message\":\"" + message.replace("\"", "'") + "\"}]}");
    }

    private static Map<String, String> rawParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return parameters;
    }

    private static Integer number(String value, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** eBay keeps times to the millisecond: the order as eBay would list and filter it. */
    private static SimulatedOrder toEbayPrecision(SimulatedOrder order) {
        return new SimulatedOrder(order.orderId(), order.status(), order.lines(), order.createdAt().truncatedTo(ChronoUnit.MILLIS),
                order.updatedAt().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String fulfilment(SimulatedOrder order) {
        return "FULFILLED".equals(order.status()) ? "FULFILLED" : "NOT_STARTED";
    }

    /** The order as eBay's Fulfillment API shows it (getOrders leaves cancelRequests empty, as eBay does). */
    private ObjectNode render(SimulatedOrder order) {
        ObjectNode rendered = json.createObjectNode();
        rendered.put("orderId", order.orderId());
        rendered.put("legacyOrderId", order.orderId());
        rendered.put("creationDate", EBAY_TIME.format(order.createdAt()));
        rendered.put("lastModifiedDate", EBAY_TIME.format(order.updatedAt()));
        rendered.put("orderFulfillmentStatus", fulfilment(order));
        rendered.put("orderPaymentStatus", switch (order.status()) {
            case "OPEN" -> "PENDING";
            case "CANCELLED" -> "FULLY_REFUNDED";
            case "PAID", "FULFILLED" -> "PAID";
            default -> throw new IllegalArgumentException("no eBay rendering of status " + order.status());
        });
        rendered.put("sellerId", "sim_seller");
        rendered.putObject("buyer").put("username", "sim_buyer");
        ObjectNode cancel = rendered.putObject("cancelStatus");
        cancel.put("cancelState", "CANCELLED".equals(order.status()) ? "CANCELED" : "NONE_REQUESTED");
        cancel.putArray("cancelRequests");
        BigDecimal total = BigDecimal.ZERO;
        ArrayNode items = rendered.putArray("lineItems");
        for (int i = 0; i < order.lines().size(); i++) {
            SimulatedOrder.Line line = order.lines().get(i);
            BigDecimal cost = line.price().multiply(BigDecimal.valueOf(line.quantity()));
            total = total.add(cost);
            ObjectNode item = items.addObject();
            item.put("lineItemId", Long.toString(10_000_000_000L + Math.floorMod(order.orderId().hashCode(), 10_000_000) * 100L + i));
            item.put("sku", line.sku());
            item.put("title", "Simulated " + line.sku());
            item.put("quantity", line.quantity());
            item.putObject("lineItemCost").put("value", cost.toPlainString()).put("currency", "EUR");
            item.put("lineItemFulfillmentStatus", fulfilment(order));
        }
        rendered.putObject("pricingSummary").putObject("total").put("value", total.toPlainString()).put("currency", "EUR");
        return rendered;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
