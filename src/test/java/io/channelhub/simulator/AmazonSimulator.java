package io.channelhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of Amazon's Selling Partner API the hub calls: Login with Amazon's token endpoint (refresh-token grant)
 * and the Orders API's getOrder and getOrderItems, which need a current {@code x-amz-access-token} and answer 429
 * with Retry-After when the test dials a rate limit in.
 */
public final class AmazonSimulator implements AutoCloseable {

    public static final String CLIENT_ID = "amzn1.application-oa2-client.sim";
    public static final String CLIENT_SECRET = "sim-client-secret";
    public static final String REFRESH_TOKEN = "Atzr|sim-refresh-token";

    private final HttpServer server;
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final Map<String, String> orderItems = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final AtomicInteger rateLimitedAnswers = new AtomicInteger();
    private final AtomicInteger orderRequests = new AtomicInteger();

    private AmazonSimulator(HttpServer server) {
        this.server = server;
    }

    public static AmazonSimulator start() {
        AmazonSimulator[] simulator = new AmazonSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/auth/o2/token", exchange -> simulator[0].token(exchange),
                "/orders/v0/orders/", exchange -> simulator[0].orders(exchange)));
        simulator[0] = new AmazonSimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    /** Puts an order (getOrder payload) and its items (the OrderItems array) in the store. */
    public void putOrder(String amazonOrderId, String orderJson, String orderItemsJson) {
        orders.put(amazonOrderId, orderJson);
        orderItems.put(amazonOrderId, orderItemsJson);
    }

    /** The next {@code count} Orders API calls are answered 429 with Retry-After 0.2 s. */
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

    private void orders(HttpExchange exchange) throws IOException {
        orderRequests.incrementAndGet();
        exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", "0.0167");
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            rateLimitedAnswers.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "0.2");
            SimulatedHttp.answer(exchange, 429, "{\"errors\":[{\"code\":\"QuotaExceeded\",\"message\":\"You exceeded your quota\"}]}");
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("x-amz-access-token");
        if (token == null || !validTokens.contains(token)) {
            SimulatedHttp.answer(exchange, 403, "{\"errors\":[{\"code\":\"Unauthorized\",\"message\":\"Access to requested resource is denied.\"}]}");
            return;
        }
        String path = exchange.getRequestURI().getPath().substring("/orders/v0/orders/".length());
        boolean items = path.endsWith("/orderItems");
        String orderId = items ? path.substring(0, path.length() - "/orderItems".length()) : path;
        String order = orders.get(orderId);
        if (order == null) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":[{\"code\":\"NotFound\",\"message\":\"Invalid AmazonOrderId\"}]}");
        } else if (items) {
            SimulatedHttp.answer(exchange, 200, "{\"payload\":{\"AmazonOrderId\":\"" + orderId + "\",\"OrderItems\":" + orderItems.get(orderId) + "}}");
        } else {
            SimulatedHttp.answer(exchange, 200, "{\"payload\":" + order + "}");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
