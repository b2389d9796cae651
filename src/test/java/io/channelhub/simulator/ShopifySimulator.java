package io.channelhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.channelhub.support.ShopifyWebhook;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Shopify shop as the hub meets it: the Admin REST API's order list (X-Shopify-Access-Token, versioned path,
 * {@code updated_at_min} on the first request only, cursor paging through {@code Link} with page_info, a leaky-bucket
 * rate limit reported in X-Shopify-Shop-Api-Call-Limit with 429 + Retry-After beyond it, the served version in
 * X-Shopify-API-Version) and the order webhooks it sends for its orders.
 */
public final class ShopifySimulator implements OrderSourceSimulator, AutoCloseable {

    public static final String ACCESS_TOKEN = "shpat_sim-access-token";
    /** The versions this shop serves; older ones fall forward to the newest, as Shopify does. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2026-04", "2026-07", "2026-10");

    private final HttpServer server;
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final AtomicInteger rateLimitedAnswers = new AtomicInteger();
    private final LeakyBucket bucket = new LeakyBucket(40, 2.0);
    private volatile int failingPage = -1;
    private volatile String deprecationReason;

    private ShopifySimulator(HttpServer server) {
        this.server = server;
    }

    public static ShopifySimulator start() {
        ShopifySimulator[] simulator = new ShopifySimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of("/admin/api/", exchange -> simulator[0].admin(exchange)));
        simulator[0] = new ShopifySimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    @Override
    public void upsertOrder(SimulatedOrder order) {
        orders.put(order.orderId(), order);
    }

    @Override
    public Collection<SimulatedOrder> orders() {
        return List.copyOf(orders.values());
    }

    @Override
    public void clearOrders() {
        orders.clear();
    }

    @Override
    public void rateLimitNextListRequests(int count) {
        rateLimitedLeft.set(count);
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
        rateLimitedLeft.set(0);
        deprecationReason = null;
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    public int rateLimitedAnswers() {
        return rateLimitedAnswers.get();
    }

    /** Answers carry X-Shopify-API-Deprecated-Reason until {@link #heal()}. */
    public void deprecateCalls(String reason) {
        deprecationReason = reason;
    }

    /** The webhook Shopify sends for this state of the order: topic by status, the order resource as the body. */
    public ShopifyWebhook webhook(SimulatedOrder order, String eventId) {
        String topic = switch (order.status()) {
            case "CANCELLED" -> "orders/cancelled";
            case "FULFILLED" -> "orders/fulfilled";
            case "PAID" -> "orders/paid";
            default -> order.createdAt().equals(order.updatedAt()) ? "orders/create" : "orders/updated";
        };
        return ShopifyWebhook.raw(topic, eventId, resource(order).getBytes(StandardCharsets.UTF_8));
    }

    /** The order as the REST resource (and webhook body) renders it. */
    public static String resource(SimulatedOrder order) {
        BigDecimal total = order.lines().stream().map(l -> l.price().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        String financial = switch (order.status()) {
            case "OPEN" -> "pending";
            case "CANCELLED" -> "voided";
            default -> "paid";
        };
        String lines = order.lines().stream().map(line -> """
                {"id":%d,"sku":"%s","quantity":%d,"price":"%s","variant_id":1,"product_id":2}"""
                .formatted(Math.abs((order.orderId() + line.sku()).hashCode()), line.sku(), line.quantity(),
                        line.price().toPlainString())).collect(Collectors.joining(","));
        return """
                {"id":%s,"name":"#%s","email":"buyer-%s@example.com","created_at":"%s","updated_at":"%s",\
                "cancelled_at":%s,"currency":"EUR","total_price":"%s","financial_status":"%s","fulfillment_status":%s,\
                "line_items":[%s]}""".formatted(order.orderId(), order.orderId(), order.orderId(), order.createdAt(),
                order.updatedAt(), "CANCELLED".equals(order.status()) ? "\"" + order.updatedAt() + "\"" : "null",
                total.toPlainString(), financial, "FULFILLED".equals(order.status()) ? "\"fulfilled\"" : "null", lines);
    }

    private void admin(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /admin/api/{version}/orders.json
        if (path.length != 5 || !"orders.json".equals(path[4])) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":\"Not Found\"}");
            return;
        }
        listRequests.incrementAndGet();
        String served = SUPPORTED_VERSIONS.contains(path[3]) ? path[3] : SUPPORTED_VERSIONS.get(SUPPORTED_VERSIONS.size() - 1);
        exchange.getResponseHeaders().add("X-Shopify-API-Version", served);
        if (deprecationReason != null) {
            exchange.getResponseHeaders().add("X-Shopify-API-Deprecated-Reason", deprecationReason);
        }
        if (!ACCESS_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":\"[API] Invalid API key or access token\"}");
            return;
        }
        int used = bucket.take();
        if (used < 0 || rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            rateLimitedAnswers.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", used < 0 ? "1.0" : "0.2");
            SimulatedHttp.answer(exchange, 429, "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
            return;
        }
        exchange.getResponseHeaders().add("X-Shopify-Shop-Api-Call-Limit", used + "/" + bucket.size());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Cursor cursor;
        if (query.containsKey("page_info")) {
            if (query.keySet().stream().anyMatch(name -> !name.equals("page_info") && !name.equals("limit") && !name.equals("fields"))) {
                SimulatedHttp.answer(exchange, 400, "{\"errors\":{\"page_info\":[\"page_info cannot be combined with other filters\"]}}");
                return;
            }
            cursor = Cursor.decode(query.get("page_info"));
        } else {
            Instant min = query.containsKey("updated_at_min") ? Instant.parse(query.get("updated_at_min")) : Instant.EPOCH;
            cursor = new Cursor(min, Instant.EPOCH, "", 0);
        }
        if (cursor.pageIndex() == failingPage) {
            SimulatedHttp.answer(exchange, 500, "{\"errors\":\"Internal Server Error\"}");
            return;
        }
        int limit = Math.min(250, Integer.parseInt(query.getOrDefault("limit", "50")));
        List<SimulatedOrder> page = orders.values().stream()
                .filter(o -> !o.updatedAt().isBefore(cursor.min()))
                .filter(cursor::after)
                .sorted(Comparator.comparing(SimulatedOrder::updatedAt).thenComparing(SimulatedOrder::orderId))
                .limit(limit + 1L)
                .toList();
        boolean more = page.size() > limit;
        page = more ? page.subList(0, limit) : page;
        if (more) {
            SimulatedOrder last = page.get(page.size() - 1);
            String next = new Cursor(cursor.min(), last.updatedAt(), last.orderId(), cursor.pageIndex() + 1).encode();
            exchange.getResponseHeaders().add("Link", "<" + baseUrl() + "/admin/api/" + path[3] + "/orders.json?limit="
                    + limit + "&page_info=" + next + ">; rel=\"next\"");
        }
        SimulatedHttp.answer(exchange, 200, "{\"orders\":[" + page.stream().map(ShopifySimulator::resource)
                .collect(Collectors.joining(",")) + "]}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An opaque page_info: the filter of the first request and the position after the previous page. */
    private record Cursor(Instant min, Instant lastUpdatedAt, String lastId, int pageIndex) {

        boolean after(SimulatedOrder order) {
            int byTime = order.updatedAt().compareTo(lastUpdatedAt);
            return byTime > 0 || byTime == 0 && order.orderId().compareTo(lastId) > 0;
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (min + "|" + lastUpdatedAt + "|" + lastId + "|" + pageIndex).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String pageInfo) {
            String[] parts = new String(Base64.getUrlDecoder().decode(pageInfo), StandardCharsets.UTF_8).split("\\|", -1);
            return new Cursor(Instant.parse(parts[0]), Instant.parse(parts[1]), parts[2], Integer.parseInt(parts[3]));
        }
    }

    /** Shopify's leaky bucket: {@code size} calls, draining {@code leakPerSecond}. */
    private static final class LeakyBucket {

        private final int size;
        private final double leakPerSecond;
        private double level;
        private long lastNanos = System.nanoTime();

        LeakyBucket(int size, double leakPerSecond) {
            this.size = size;
            this.leakPerSecond = leakPerSecond;
        }

        int size() {
            return size;
        }

        /** Adds a call; the bucket's level after it, or -1 when it is full (the call is refused). */
        synchronized int take() {
            long now = System.nanoTime();
            level = Math.max(0, level - (now - lastNanos) / 1e9 * leakPerSecond);
            lastNanos = now;
            if (level + 1 > size) {
                return -1;
            }
            level += 1;
            return (int) Math.ceil(level);
        }
    }
}
