package io.channelhub.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.channelhub.support.ShopifyWebhook;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A Shopify shop as the hub meets it: the Admin REST API's order list (X-Shopify-Access-Token, versioned path,
 * {@code updated_at_min} on the first request only, cursor paging through {@code Link} with page_info, a leaky-bucket
 * rate limit reported in X-Shopify-Shop-Api-Call-Limit with 429 + Retry-After beyond it, the served version in
 * X-Shopify-API-Version) and the order webhooks it sends for its orders. Its stock: products whose variants each have
 * one inventory item, with an inventory level (available quantity) per location where the item is stocked, read
 * through {@code GET inventory_levels.json}, set through {@code POST inventory_levels/set.json} and listed through
 * {@code GET products.json} (deprecated for REST since 2024-04, so it says so in X-Shopify-API-Deprecated-Reason),
 * all behind the same token check and leaky bucket.
 */
public final class ShopifySimulator implements OrderSourceSimulator, StockSimulator, AutoCloseable {

    public static final String ACCESS_TOKEN = "shpat_sim-access-token";
    /** The versions this shop serves; older ones fall forward to the newest, as Shopify does. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("2026-04", "2026-07", "2026-10");
    /** The location every listing is created at. */
    public static final long PRIMARY_LOCATION_ID = 65_400_000_001L;
    /** A second location of the shop, where no item is stocked until stock is set there. */
    public static final long WAREHOUSE_LOCATION_ID = 65_400_000_002L;
    private static final Set<Long> LOCATIONS = Set.of(PRIMARY_LOCATION_ID, WAREHOUSE_LOCATION_ID);
    private static final Set<String> ROUTES = Set.of("GET orders.json", "GET products.json", "GET inventory_levels.json",
            "POST inventory_levels/set.json");
    private static final String PRODUCT_LISTING_DEPRECATION =
            "https://shopify.dev/api/admin-rest/latest/resources/product: listing products through REST is deprecated";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final AtomicInteger rateLimitedAnswers = new AtomicInteger();
    private final LeakyBucket bucket = new LeakyBucket(40, 2.0);
    private final Map<Long, Variant> variantsByItem = new ConcurrentHashMap<>();
    private final Map<Level, Integer> levels = new ConcurrentHashMap<>();
    private final Set<Long> untracked = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(8_100_000_000L);
    private final AtomicInteger stockWrites = new AtomicInteger();
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

    /** A product with one variant of this SKU, stocked at the primary location. */
    @Override
    public Map<String, String> createListing(String sku, int quantity) {
        return createProduct(List.of(sku), quantity).get(0);
    }

    /**
     * A product with a variant per SKU (an empty SKU: a variant without one), each stocked at the primary location;
     * the listing ids of each variant, in order.
     */
    public List<Map<String, String>> createProduct(List<String> skus, int quantity) {
        long productId = nextId.incrementAndGet();
        return skus.stream().map(sku -> {
            Variant variant = new Variant(productId, nextId.incrementAndGet(), nextId.incrementAndGet(), sku);
            variantsByItem.put(variant.inventoryItemId(), variant);
            levels.put(new Level(variant.inventoryItemId(), PRIMARY_LOCATION_ID), quantity);
            return Map.of("inventoryItemId", String.valueOf(variant.inventoryItemId()),
                    "locationId", String.valueOf(PRIMARY_LOCATION_ID));
        }).toList();
    }

    /** Switches off "Track quantity" for the item: Shopify then refuses to set its level (422). */
    public void untrackInventory(String inventoryItemId) {
        untracked.add(Long.valueOf(inventoryItemId));
    }

    /** Switches "Track quantity" back on: levels can be set again. */
    public void trackInventory(String inventoryItemId) {
        untracked.remove(Long.valueOf(inventoryItemId));
    }

    @Override
    public Integer advertisedQuantity(Map<String, String> listingIds) {
        String location = listingIds.getOrDefault("locationId", String.valueOf(PRIMARY_LOCATION_ID));
        return levels.get(new Level(Long.parseLong(listingIds.get("inventoryItemId")), Long.parseLong(location)));
    }

    @Override
    public int stockWrites() {
        return stockWrites.get();
    }

    @Override
    public void clearListings() {
        variantsByItem.clear();
        levels.clear();
        untracked.clear();
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
        String[] path = exchange.getRequestURI().getPath().split("/", 5);
        // /admin/api/{version}/{resource}
        String route = path.length == 5 ? exchange.getRequestMethod() + " " + path[4] : "";
        if (!ROUTES.contains(route)) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":\"Not Found\"}");
            return;
        }
        boolean ordersList = "GET orders.json".equals(route);
        if (ordersList) {
            listRequests.incrementAndGet();
        }
        String served = SUPPORTED_VERSIONS.contains(path[3]) ? path[3] : SUPPORTED_VERSIONS.get(SUPPORTED_VERSIONS.size() - 1);
        exchange.getResponseHeaders().add("X-Shopify-API-Version", served);
        String deprecation = "GET products.json".equals(route) ? PRODUCT_LISTING_DEPRECATION : deprecationReason;
        if (deprecation != null) {
            exchange.getResponseHeaders().add("X-Shopify-API-Deprecated-Reason", deprecation);
        }
        if (!ACCESS_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
            SimulatedHttp.answer(exchange, 401, "{\"errors\":\"[API] Invalid API key or access token\"}");
            return;
        }
        int used = bucket.take();
        if (used < 0 || ordersList && rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            rateLimitedAnswers.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", used < 0 ? "1.0" : "0.2");
            SimulatedHttp.answer(exchange, 429, "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
            return;
        }
        exchange.getResponseHeaders().add("X-Shopify-Shop-Api-Call-Limit", used + "/" + bucket.size());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        switch (route) {
            case "GET orders.json" -> listOrders(exchange, path[3], query);
            case "GET products.json" -> listProducts(exchange, path[3], query);
            case "GET inventory_levels.json" -> listInventoryLevels(exchange, query);
            default -> setInventoryLevel(exchange);
        }
    }

    private void listOrders(HttpExchange exchange, String version, Map<String, String> query) throws IOException {
        Cursor cursor;
        if (query.containsKey("page_info")) {
            if (!onlyPagingParameters(exchange, query)) {
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
        int limit = limit(query);
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
            exchange.getResponseHeaders().add("Link", "<" + baseUrl() + "/admin/api/" + version + "/orders.json?limit="
                    + limit + "&page_info=" + next + ">; rel=\"next\"");
        }
        SimulatedHttp.answer(exchange, 200, "{\"orders\":[" + page.stream().map(ShopifySimulator::resource)
                .collect(Collectors.joining(",")) + "]}");
    }

    /** Products by id, each with its variants; page_info holds the last product id of the page before. */
    private void listProducts(HttpExchange exchange, String version, Map<String, String> query) throws IOException {
        long after = 0;
        if (query.containsKey("page_info")) {
            if (!onlyPagingParameters(exchange, query)) {
                return;
            }
            after = Long.parseLong(new String(Base64.getUrlDecoder().decode(query.get("page_info")), StandardCharsets.UTF_8));
        }
        int limit = limit(query);
        long from = after;
        List<Long> page = variantsByItem.values().stream().map(Variant::productId).distinct().filter(id -> id > from)
                .sorted().limit(limit + 1L).toList();
        boolean more = page.size() > limit;
        page = more ? page.subList(0, limit) : page;
        if (more) {
            String next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.valueOf(page.get(page.size() - 1)).getBytes(StandardCharsets.UTF_8));
            String fields = query.containsKey("fields") ? "&fields=" + query.get("fields") : "";
            exchange.getResponseHeaders().add("Link", "<" + baseUrl() + "/admin/api/" + version + "/products.json?limit="
                    + limit + fields + "&page_info=" + next + ">; rel=\"next\"");
        }
        SimulatedHttp.answer(exchange, 200, "{\"products\":[" + page.stream().map(this::product)
                .collect(Collectors.joining(",")) + "]}");
    }

    private String product(long productId) {
        String variants = variantsByItem.values().stream().filter(v -> v.productId() == productId)
                .sorted(Comparator.comparingLong(Variant::variantId))
                .map(v -> """
                        {"id":%d,"product_id":%d,"title":"Default Title","sku":%s,"inventory_item_id":%d,\
                        "inventory_quantity":%d,"inventory_management":%s}""".formatted(v.variantId(), productId,
                        v.sku().isEmpty() ? "null" : "\"" + v.sku() + "\"", v.inventoryItemId(),
                        levels.entrySet().stream().filter(e -> e.getKey().item() == v.inventoryItemId())
                                .mapToInt(Map.Entry::getValue).sum(),
                        untracked.contains(v.inventoryItemId()) ? "null" : "\"shopify\""))
                .collect(Collectors.joining(","));
        return "{\"id\":" + productId + ",\"variants\":[" + variants + "]}";
    }

    /** Shopify wants inventory_item_ids, location_ids or both, up to 50 ids each. */
    private void listInventoryLevels(HttpExchange exchange, Map<String, String> query) throws IOException {
        Set<Long> items = ids(query.get("inventory_item_ids"));
        Set<Long> locationIds = ids(query.get("location_ids"));
        if (items == null && locationIds == null) {
            SimulatedHttp.answer(exchange, 422, "{\"errors\":\"inventory_item_ids, location_ids, or both are required\"}");
            return;
        }
        String body = levels.entrySet().stream()
                .filter(e -> items == null || items.contains(e.getKey().item()))
                .filter(e -> locationIds == null || locationIds.contains(e.getKey().location()))
                .sorted(Comparator.comparing((Map.Entry<Level, Integer> e) -> e.getKey().item())
                        .thenComparing(e -> e.getKey().location()))
                .map(e -> level(e.getKey(), untracked.contains(e.getKey().item()) ? null : e.getValue()))
                .collect(Collectors.joining(","));
        SimulatedHttp.answer(exchange, 200, "{\"inventory_levels\":[" + body + "]}");
    }

    /**
     * Sets available: 400 for a body without the three fields, 404 for an unknown item or location, 422 for an item
     * whose inventory is not tracked; an item not yet stocked at the location is connected to it first.
     */
    private void setInventoryLevel(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonNode body;
        try {
            body = contentType != null && contentType.startsWith("application/json")
                    ? JSON.readTree(exchange.getRequestBody()) : null;
        } catch (IOException unreadable) {
            body = null;
        }
        for (String field : List.of("location_id", "inventory_item_id", "available")) {
            if (body == null || !body.path(field).isIntegralNumber()) {
                SimulatedHttp.answer(exchange, 400, "{\"errors\":{\"" + field + "\":\"Required parameter missing or invalid\"}}");
                return;
            }
        }
        Level key = new Level(body.get("inventory_item_id").asLong(), body.get("location_id").asLong());
        if (!variantsByItem.containsKey(key.item()) || !LOCATIONS.contains(key.location())) {
            SimulatedHttp.answer(exchange, 404, "{\"errors\":\"Not Found\"}");
            return;
        }
        if (untracked.contains(key.item())) {
            SimulatedHttp.answer(exchange, 422, "{\"errors\":[\"Inventory item does not have inventory tracking enabled\"]}");
            return;
        }
        levels.put(key, body.get("available").asInt());
        stockWrites.incrementAndGet();
        SimulatedHttp.answer(exchange, 200, "{\"inventory_level\":" + level(key, body.get("available").asInt()) + "}");
    }

    private static String level(Level key, Integer available) {
        return """
                {"inventory_item_id":%d,"location_id":%d,"available":%s,"updated_at":"%s",\
                "admin_graphql_api_id":"gid://shopify/InventoryLevel/%d?inventory_item_id=%d"}""".formatted(key.item(),
                key.location(), available, Instant.now().truncatedTo(ChronoUnit.SECONDS), key.location(), key.item());
    }

    private static boolean onlyPagingParameters(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (query.keySet().stream().anyMatch(name -> !name.equals("page_info") && !name.equals("limit") && !name.equals("fields"))) {
            SimulatedHttp.answer(exchange, 400, "{\"errors\":{\"page_info\":[\"page_info cannot be combined with other filters\"]}}");
            return false;
        }
        return true;
    }

    private static int limit(Map<String, String> query) {
        return Math.min(250, Integer.parseInt(query.getOrDefault("limit", "50")));
    }

    private static Set<Long> ids(String commaSeparated) {
        return commaSeparated == null ? null
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Long::valueOf).collect(Collectors.toSet());
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

    /** A product variant and its inventory item; an empty SKU is a variant without one. */
    private record Variant(long productId, long variantId, long inventoryItemId, String sku) {
    }

    /** Where an inventory level is: one inventory item at one location. */
    private record Level(long item, long location) {
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
