package io.channelhub.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WooCommerce shop as the hub meets it: {@code GET /wp-json/wc/v3/orders} with HTTP Basic auth (REST API consumer
 * key and secret), WooCommerce's list parameters ({@code modified_after}/{@code modified_before}/{@code after}/
 * {@code before}, {@code dates_are_gmt}, {@code orderby}, {@code order}, {@code page}, {@code per_page} ≤ 100) and
 * paging headers ({@code X-WP-Total}, {@code X-WP-TotalPages}, {@code Link}); and the order webhooks it sends.
 *
 * <p>The shop's time zone is Europe/Berlin, as a real shop's often is not UTC: a date bound is compared with the
 * GMT column only with {@code dates_are_gmt=true}, and a bound that carries an offset is first converted into the
 * site's time zone, as WordPress's date query does. WooCommerce keeps whole seconds, so orders are stored with
 * their times truncated to the second. Order ids are WooCommerce's integers. Statuses: OPEN → pending,
 * PAID → processing, FULFILLED → completed, CANCELLED → cancelled. Deviation: real WooCommerce accepts Basic auth
 * over HTTPS only; this simulator is plain HTTP on loopback.
 *
 * <p>Stock: products and variations (one id space, as they are all WordPress posts) with a SKU, {@code manage_stock}
 * and {@code stock_quantity}, read and written as the REST API v3 does it: {@code GET products} and
 * {@code GET products/<id>/variations} (paged like orders, {@code _fields} honoured), {@code GET|PUT|POST|PATCH
 * products/<id>} and {@code products/<id>/variations/<id>}, and the batch endpoints {@code POST|PUT|PATCH
 * products/batch} and {@code products/<id>/variations/batch} (at most 100 items, else 413; each item applied on its
 * own, the answer {@code {"update": [...]}} in the order sent, a refused item as {@code {"id", "error"}}). A quantity
 * is only set on an item that manages stock; an external product refuses to, a grouped one has none. The JSON body
 * is read only with a JSON content type (WordPress reads anything else as form fields, so a batch sent as text
 * updates nothing and answers {@code []}). Deviation: the variations batch accepts only variations, where
 * WooCommerce would also load another product by its id.
 */
public final class WooCommerceSimulator implements OrderSourceSimulator, StockSimulator, AutoCloseable {

    public static final String CONSUMER_KEY = "ck_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    public static final String CONSUMER_SECRET = "cs_76543210fedcba9876543210fedcba9876543210";
    public static final ZoneId SITE_ZONE = ZoneId.of("Europe/Berlin");
    static final String ORDERS_PATH = "/wp-json/wc/v3/orders";
    private static final DateTimeFormatter WOO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** WordPress's check of a {@code date-time} parameter (RFC 3339, the offset optional). */
    private static final Pattern DATE_TIME =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}:\\d{2})(\\.\\d+)?(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$");
    private static final Set<String> ORDER_BY = Set.of("date", "id", "include", "title", "slug", "modified");
    private static final Set<String> PRODUCT_ORDER_BY = Set.of("date", "id", "include", "title", "slug", "price",
            "popularity", "rating", "menu_order", "modified");
    private static final String REST = "/wp-json/wc/v3/";
    private static final Pattern PRODUCT = Pattern.compile(REST + "products/(\\d+)");
    private static final Pattern VARIATIONS = Pattern.compile(REST + "products/(\\d+)/variations");
    private static final Pattern VARIATIONS_BATCH = Pattern.compile(REST + "products/(\\d+)/variations/batch");
    private static final Pattern VARIATION = Pattern.compile(REST + "products/(\\d+)/variations/(\\d+)");
    /** WooCommerce's default for the {@code woocommerce_rest_batch_items_limit} filter. */
    private static final int BATCH_LIMIT = 100;
    private static final Set<String> EDITABLE = Set.of("POST", "PUT", "PATCH");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private volatile int failingPageIndex = -1;
    /** Products and variations by post id. */
    private final Map<Long, Post> catalogue = new ConcurrentHashMap<>();
    private final AtomicLong nextPostId = new AtomicLong(4000);
    private final AtomicInteger stockWrites = new AtomicInteger();

    private WooCommerceSimulator(HttpServer server) {
        this.server = server;
    }

    public static WooCommerceSimulator start() {
        WooCommerceSimulator[] simulator = new WooCommerceSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of("/wp-json/", exchange -> simulator[0].restApi(exchange)));
        simulator[0] = new WooCommerceSimulator(server);
        return simulator[0];
    }

    /** The site's address: the connector's {@code api-base-url}. */
    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

    @Override
    public void upsertOrder(SimulatedOrder order) {
        if (!order.orderId().matches("[1-9]\\d{0,17}")) {
            throw new IllegalArgumentException("WooCommerce order ids are positive integers, not '" + order.orderId() + "'");
        }
        orders.put(order.orderId(), new SimulatedOrder(order.orderId(), order.status(), order.lines(),
                order.createdAt().truncatedTo(ChronoUnit.SECONDS), order.updatedAt().truncatedTo(ChronoUnit.SECONDS)));
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
        failingPageIndex = pageIndex;
    }

    @Override
    public DialledFaults faults() {
        return SimulatedHttp.faults(server);
    }

    @Override
    public void heal() {
        faults().clear();
        rateLimitedLeft.set(0);
        failingPageIndex = -1;
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    /** The body of the webhook WooCommerce sends for this order as it is now: the order resource, as the API lists it. */
    public byte[] webhookBody(String orderId) {
        SimulatedOrder order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return render(order).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The headers WooCommerce sends with this webhook body: {@code X-WC-Webhook-Signature} is the base64
     * HMAC-SHA256 of the body under {@code secret}; the delivery id is new on every call, as on every send.
     *
     * @param topic e.g. {@code order.updated} or {@code order.created}
     */
    public Map<String, String> webhookHeaders(byte[] body, String topic, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-WC-Webhook-Source", baseUrl() + "/");
        headers.put("X-WC-Webhook-Topic", topic);
        headers.put("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')));
        headers.put("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1));
        headers.put("X-WC-Webhook-Signature", signature(body, secret));
        headers.put("X-WC-Webhook-ID", "17");
        headers.put("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString().replace("-", ""));
        return headers;
    }

    private static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A simple product with this SKU, managing its stock; its id is {@code productId}. */
    @Override
    public Map<String, String> createListing(String sku, int quantity) {
        return Map.of("productId", String.valueOf(createProduct("simple", sku, quantity)));
    }

    /**
     * A product of any WooCommerce type ({@code simple}, {@code variable}, {@code grouped}, {@code external}); it
     * manages its stock when {@code quantity} is not null. Returns its id.
     */
    public long createProduct(String type, String sku, Integer quantity) {
        long id = nextPostId.getAndIncrement();
        catalogue.put(id, new Post(id, 0, type, sku, quantity != null, quantity));
        return id;
    }

    /**
     * A variation of a variable product: with its own SKU, or inheriting the parent's when {@code sku} is null;
     * managing its own stock when {@code quantity} is not null, else following the parent's. Returns the listing ids
     * ({@code productId}, {@code variationId}).
     */
    public Map<String, String> createVariation(long productId, String sku, Integer quantity) {
        Post parent = catalogue.get(productId);
        if (parent == null || !parent.type().equals("variable")) {
            throw new IllegalArgumentException("no variable product " + productId);
        }
        long id = nextPostId.getAndIncrement();
        catalogue.put(id, new Post(id, productId, "variation", sku, quantity != null, quantity));
        return Map.of("productId", String.valueOf(productId), "variationId", String.valueOf(id));
    }

    @Override
    public Integer advertisedQuantity(Map<String, String> listingIds) {
        Post product = catalogue.get(Long.parseLong(listingIds.get("productId")));
        String variationId = listingIds.get("variationId");
        Post post = variationId == null ? product : catalogue.get(Long.parseLong(variationId));
        if (post == null || (variationId != null && post.parentId() != Long.parseLong(listingIds.get("productId")))) {
            return null;
        }
        return shownQuantity(post);
    }

    @Override
    public int stockWrites() {
        return stockWrites.get();
    }

    @Override
    public void clearListings() {
        catalogue.clear();
    }

    private void restApi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String method = exchange.getRequestMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        Matcher variation = VARIATION.matcher(path);
        Matcher variationsBatch = VARIATIONS_BATCH.matcher(path);
        Matcher variations = VARIATIONS.matcher(path);
        Matcher product = PRODUCT.matcher(path);
        if (path.equals(ORDERS_PATH) && read) {
            orders(exchange);
        } else if (path.equals(REST + "products") && read) {
            authorised(exchange, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.",
                    () -> list(exchange, REST + "products", post -> post.parentId() == 0));
        } else if (path.equals(REST + "products/batch") && EDITABLE.contains(method)) {
            authorised(exchange, "woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.",
                    () -> batch(exchange, null));
        } else if (variationsBatch.matches() && EDITABLE.contains(method)) {
            authorised(exchange, "woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.",
                    () -> batch(exchange, Long.parseLong(variationsBatch.group(1))));
        } else if (variations.matches() && read) {
            long parentId = Long.parseLong(variations.group(1));
            authorised(exchange, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.",
                    () -> list(exchange, path, post -> post.parentId() == parentId));
        } else if (variation.matches() && (read || EDITABLE.contains(method))) {
            long parentId = Long.parseLong(variation.group(1));
            long id = Long.parseLong(variation.group(2));
            if (read) {
                authorised(exchange, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.",
                        () -> getItem(exchange, id, parentId));
            } else {
                authorised(exchange, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.",
                        () -> updateItem(exchange, id, parentId));
            }
        } else if (product.matches() && (read || EDITABLE.contains(method))) {
            long id = Long.parseLong(product.group(1));
            if (read) {
                authorised(exchange, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.",
                        () -> getItem(exchange, id, null));
            } else {
                authorised(exchange, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.",
                        () -> updateItem(exchange, id, null));
            }
        } else {
            error(exchange, 404, "rest_no_route", "No route was found matching the URL and request method.");
        }
    }

    /** WordPress checks the route's permission (here: the API key) before anything else of the request. */
    private void authorised(HttpExchange exchange, String code, String message, Answer answer) throws IOException {
        if (!SimulatedHttp.basic(exchange, CONSUMER_KEY, CONSUMER_SECRET)) {
            error(exchange, 401, code, message);
            return;
        }
        answer.send();
    }

    private void orders(HttpExchange exchange) throws IOException {
        listRequests.incrementAndGet();
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            // WooCommerce itself does not limit its REST API; the host or CDN in front of it does, like this
            exchange.getResponseHeaders().add("Retry-After", "1");
            SimulatedHttp.answer(exchange, 429, "text/plain", "Too Many Requests");
            return;
        }
        if (!SimulatedHttp.basic(exchange, CONSUMER_KEY, CONSUMER_SECRET)) {
            error(exchange, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
            return;
        }
        Map<String, String> query = query(exchange);
        ListQuery list;
        try {
            list = ListQuery.of(query);
        } catch (InvalidParameter e) {
            invalidParameter(exchange, e);
            return;
        }
        if (failingPageIndex == list.page() - 1) {
            error(exchange, 500, "internal_server_error", "There has been a critical error on this website.");
            return;
        }
        List<SimulatedOrder> matching = orders.values().stream().filter(list::matches).sorted(list.sort()).toList();
        int totalPages = (matching.size() + list.perPage() - 1) / list.perPage();
        int from = Math.min(matching.size(), (list.page() - 1) * list.perPage());
        ArrayNode page = json.createArrayNode();
        matching.subList(from, Math.min(matching.size(), from + list.perPage())).forEach(order -> page.add(render(order)));

        exchange.getResponseHeaders().add("X-WP-Total", String.valueOf(matching.size()));
        exchange.getResponseHeaders().add("X-WP-TotalPages", String.valueOf(totalPages));
        List<String> links = new ArrayList<>();
        if (list.page() > 1) {
            links.add("<" + pageUrl(query, Math.min(list.page() - 1, Math.max(totalPages, 1))) + ">; rel=\"prev\"");
        }
        if (totalPages > list.page()) {
            links.add("<" + pageUrl(query, list.page() + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            exchange.getResponseHeaders().add("Link", String.join(", ", links));
        }
        SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8", page.toString());
    }

    /** A page of products or variations, ordered as asked ({@code date} orders as {@code id}: posts are created in order). */
    private void list(HttpExchange exchange, String path, Predicate<Post> member) throws IOException {
        Map<String, String> query = query(exchange);
        int page;
        int perPage;
        try {
            page = ListQuery.integer(query, "page", 1, 1, Integer.MAX_VALUE);
            perPage = ListQuery.integer(query, "per_page", 10, 1, 100);
            String order = query.getOrDefault("order", "desc");
            if (!order.equals("asc") && !order.equals("desc")) {
                throw new InvalidParameter("order", "order is not one of asc, desc.");
            }
            if (!PRODUCT_ORDER_BY.contains(query.getOrDefault("orderby", "date"))) {
                throw new InvalidParameter("orderby", "orderby is not one of " + PRODUCT_ORDER_BY + ".");
            }
        } catch (InvalidParameter e) {
            invalidParameter(exchange, e);
            return;
        }
        Comparator<Post> byId = Comparator.comparingLong(Post::id);
        List<Post> matching = catalogue.values().stream().filter(member)
                .sorted("asc".equals(query.get("order")) ? byId : byId.reversed()).toList();
        int totalPages = (matching.size() + perPage - 1) / perPage;
        int from = Math.min(matching.size(), (page - 1) * perPage);
        ArrayNode answer = json.createArrayNode();
        matching.subList(from, Math.min(matching.size(), from + perPage))
                .forEach(post -> answer.add(fields(render(post), query.get("_fields"))));
        exchange.getResponseHeaders().add("X-WP-Total", String.valueOf(matching.size()));
        exchange.getResponseHeaders().add("X-WP-TotalPages", String.valueOf(totalPages));
        if (totalPages > page) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("page", String.valueOf(page + 1));
            exchange.getResponseHeaders().add("Link", "<" + url(path, next) + ">; rel=\"next\"");
        }
        SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8", answer.toString());
    }

    /** {@code GET products/<id>} (any post, as wc_get_product loads it) or {@code products/<parent>/variations/<id>}. */
    private void getItem(HttpExchange exchange, long id, Long parentId) throws IOException {
        Post post = catalogue.get(id);
        if (post == null || (parentId != null && post.parentId() != parentId)) {
            error(exchange, 404, invalidIdCode(parentId), "Invalid ID.");
            return;
        }
        SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8",
                fields(render(post), query(exchange).get("_fields")).toString());
    }

    /** {@code PUT products/<id>} or {@code products/<parent>/variations/<id>}, its body's fields checked first. */
    private void updateItem(HttpExchange exchange, long id, Long parentId) throws IOException {
        ObjectNode body = body(exchange);
        if (body == null) {
            return;
        }
        JsonNode quantity = body.get("stock_quantity");
        if (quantity != null && !quantity.isNull() && !quantity.canConvertToInt() && !quantity.asText().matches("-?\\d+")) {
            invalidParameter(exchange, new InvalidParameter("stock_quantity", "stock_quantity is not of type integer."));
            return;
        }
        Post post = catalogue.get(id);
        if (post == null || (parentId != null && post.parentId() == 0)) {
            error(exchange, 400, invalidIdCode(parentId), "Invalid ID.");
            return;
        }
        if (parentId != null && post.parentId() != parentId) {
            error(exchange, 403, "woocommerce_rest_cannot_edit", "Parent product does not match current variation.");
            return;
        }
        body.put("id", id);
        ObjectNode answer = save(body, parentId != null);
        if (answer.has("error")) {
            JsonNode error = answer.get("error");
            error(exchange, error.path("data").path("status").asInt(), error.path("code").asText(),
                    error.path("message").asText());
            return;
        }
        stockWrites.incrementAndGet();
        SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8", answer.toString());
    }

    /** {@code POST products/batch} ({@code parentId} null) or {@code products/<parent>/variations/batch}. */
    private void batch(HttpExchange exchange, Long parentId) throws IOException {
        ObjectNode body = body(exchange);
        if (body == null) {
            return;
        }
        int total = 0;
        for (String action : List.of("create", "update", "delete")) {
            total += body.path(action).isArray() ? body.get(action).size() : 0;
        }
        if (total > BATCH_LIMIT) {
            error(exchange, 413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + BATCH_LIMIT + " items for this request.");
            return;
        }
        JsonNode updates = body.path("update");
        if (!updates.isArray() || updates.isEmpty()) {
            // nothing WooCommerce can act on: its batch answers an empty PHP array, which is JSON []
            SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8", "[]");
            return;
        }
        ArrayNode answers = json.createArrayNode();
        for (JsonNode update : updates) {
            answers.add(update.isObject() ? save(((ObjectNode) update).deepCopy(), parentId != null)
                    : itemError(update, invalidIdCode(parentId), "Invalid ID.", 400));
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("update", answers);
        stockWrites.incrementAndGet();
        SimulatedHttp.answer(exchange, 200, "application/json; charset=UTF-8", answer.toString());
    }

    /**
     * Saves one item's stock fields as WooCommerce's update does: the resource as saved, or {@code {"id", "error"}}.
     * {@code manage_stock} first, then the quantity, which only an item managing its stock keeps.
     */
    private ObjectNode save(ObjectNode item, boolean variationsOnly) {
        long id = item.path("id").asLong(0);
        Post post = catalogue.get(id);
        if (post == null || (variationsOnly && post.parentId() == 0)) {
            return itemError(item.get("id"), invalidIdCode(variationsOnly ? 0L : null), "Invalid ID.", 400);
        }
        boolean manage = item.has("manage_stock") ? bool(item.get("manage_stock")) : post.manageStock();
        if (post.type().equals("external") && manage) {
            return itemError(item.get("id"), "product_external_invalid_manage_stock",
                    "External products cannot be stock managed.", 400);
        }
        if (post.type().equals("grouped")) {
            manage = false;
        }
        JsonNode quantity = item.get("stock_quantity");
        // wc_stock_amount: a number, or text read as PHP reads it (its leading digits, else 0)
        Integer stock = !manage ? null : quantity != null && !quantity.isNull() ? quantity.asInt() : post.stockQuantity();
        Post saved = new Post(id, post.parentId(), post.type(), post.sku(), manage, stock);
        catalogue.put(id, saved);
        return render(saved);
    }

    private ObjectNode itemError(JsonNode id, String code, String message, int status) {
        ObjectNode entry = json.createObjectNode();
        entry.set("id", id == null ? json.nullNode() : id);
        ObjectNode error = entry.putObject("error").put("code", code).put("message", message);
        error.putObject("data").put("status", status);
        return entry;
    }

    private static String invalidIdCode(Long parentId) {
        return parentId != null ? "woocommerce_rest_product_variation_invalid_id" : "woocommerce_rest_product_invalid_id";
    }

    /**
     * The request's JSON body; an empty one when it is not sent as JSON (WordPress then reads form fields, none of
     * which the hub sends); null after answering 400 for JSON that does not parse.
     */
    private ObjectNode body(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return json.createObjectNode();
        }
        try {
            JsonNode body = json.readTree(bytes);
            return body != null && body.isObject() ? (ObjectNode) body : json.createObjectNode();
        } catch (IOException e) {
            error(exchange, 400, "rest_invalid_json", "Invalid JSON body passed.");
            return null;
        }
    }

    /** The product or variation as the REST API v3 renders it (the stock fields, and enough around them). */
    private ObjectNode render(Post post) {
        Post parent = post.parentId() == 0 ? null : catalogue.get(post.parentId());
        ObjectNode node = json.createObjectNode();
        node.put("id", post.id());
        node.put("name", "Product " + (post.sku() == null ? post.id() : post.sku()));
        node.put("type", post.type());
        node.put("status", "publish");
        // a variation without a SKU of its own shows its parent's (the "view" context)
        String sku = post.sku() != null ? post.sku() : parent != null && parent.sku() != null ? parent.sku() : "";
        node.put("sku", sku);
        node.put("price", "19.95");
        node.put("regular_price", "19.95");
        if (post.manageStock()) {
            node.put("manage_stock", true);
        } else if (parent != null && parent.manageStock()) {
            node.put("manage_stock", "parent");
        } else {
            node.put("manage_stock", false);
        }
        Integer shown = shownQuantity(post);
        if (shown == null) {
            node.putNull("stock_quantity");
        } else {
            node.put("stock_quantity", shown);
        }
        node.put("stock_status", shown == null || shown > 0 ? "instock" : "outofstock");
        node.put("backorders", "no");
        node.put("parent_id", post.parentId());
        if (post.type().equals("variable")) {
            ArrayNode ids = node.putArray("variations");
            catalogue.values().stream().filter(child -> child.parentId() == post.id()).map(Post::id).sorted()
                    .forEach(ids::add);
        }
        ObjectNode links = node.putObject("_links");
        String self = post.parentId() == 0 ? REST + "products/" + post.id()
                : REST + "products/" + post.parentId() + "/variations/" + post.id();
        links.putArray("self").addObject().put("href", baseUrl() + self);
        return node;
    }

    /** The quantity shown: the item's own when it manages stock, its parent's when the parent manages it for it. */
    private Integer shownQuantity(Post post) {
        if (post.manageStock()) {
            return post.stockQuantity();
        }
        Post parent = post.parentId() == 0 ? null : catalogue.get(post.parentId());
        return parent != null && parent.manageStock() ? parent.stockQuantity() : null;
    }

    /** WordPress's {@code _fields}: only the top-level fields named, when any are. */
    private static ObjectNode fields(ObjectNode resource, String fields) {
        if (fields == null || fields.isBlank()) {
            return resource;
        }
        Set<String> keep = Set.of(fields.split("\\s*,\\s*"));
        resource.retain(keep);
        return resource;
    }

    /** wc_string_to_bool: true, 1, "true", "yes", "1". */
    private static boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.asInt() == 1;
        }
        String text = value.asText().toLowerCase(Locale.ROOT);
        return text.equals("true") || text.equals("yes") || text.equals("1");
    }

    private String url(String path, Map<String, String> query) {
        return baseUrl() + path + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private String pageUrl(Map<String, String> query, int page) {
        Map<String, String> withPage = new LinkedHashMap<>(query);
        withPage.put("page", String.valueOf(page));
        return baseUrl() + ORDERS_PATH + "?" + withPage.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The order as WooCommerce's REST API v3 renders it (the fields the hub reads, and enough around them). */
    private ObjectNode render(SimulatedOrder order) {
        long id = Long.parseLong(order.orderId());
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("parent_id", 0);
        node.put("status", wooStatus(order.status()));
        node.put("currency", "EUR");
        node.put("version", "9.4.1");
        node.put("prices_include_tax", true);
        node.put("date_created", WOO_TIME.format(order.createdAt().atZone(SITE_ZONE)));
        node.put("date_modified", WOO_TIME.format(order.updatedAt().atZone(SITE_ZONE)));
        node.put("discount_total", "0.00");
        node.put("shipping_total", "0.00");
        BigDecimal total = order.lines().stream().map(line -> line.price().multiply(BigDecimal.valueOf(line.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        node.put("total", money(total));
        node.put("customer_id", 0);
        node.put("order_key", "wc_order_" + Integer.toHexString(order.orderId().hashCode()));
        ObjectNode billing = node.putObject("billing");
        billing.put("first_name", "Kim");
        billing.put("last_name", "Muster");
        billing.put("country", "DE");
        billing.put("email", "customer-" + id + "@example.de");
        node.putObject("shipping").put("country", "DE");
        node.put("payment_method", "bacs");
        node.put("payment_method_title", "Direct bank transfer");
        node.put("created_via", "checkout");
        node.put("date_created_gmt", WOO_TIME.format(order.createdAt().atZone(ZoneOffset.UTC)));
        node.put("date_modified_gmt", WOO_TIME.format(order.updatedAt().atZone(ZoneOffset.UTC)));
        node.put("number", order.orderId());
        ArrayNode lines = node.putArray("line_items");
        for (int i = 0; i < order.lines().size(); i++) {
            SimulatedOrder.Line line = order.lines().get(i);
            ObjectNode item = lines.addObject();
            item.put("id", id * 100 + i + 1);
            item.put("name", "Product " + line.sku());
            item.put("product_id", 1000 + i);
            item.put("variation_id", 0);
            item.put("quantity", line.quantity());
            item.put("tax_class", "");
            String lineTotal = money(line.price().multiply(BigDecimal.valueOf(line.quantity())));
            item.put("subtotal", lineTotal);
            item.put("total", lineTotal);
            item.putArray("taxes");
            item.putArray("meta_data");
            item.put("sku", line.sku());
            item.put("price", line.price());
        }
        node.putArray("shipping_lines");
        node.putArray("meta_data");
        ObjectNode links = node.putObject("_links");
        links.putArray("self").addObject().put("href", baseUrl() + ORDERS_PATH + "/" + id);
        links.putArray("collection").addObject().put("href", baseUrl() + ORDERS_PATH);
        return node;
    }

    private static String wooStatus(String status) {
        return switch (status) {
            case "OPEN" -> "pending";
            case "PAID" -> "processing";
            case "FULFILLED" -> "completed";
            case "CANCELLED" -> "cancelled";
            default -> throw new IllegalArgumentException("unknown status " + status);
        };
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("code", code).put("message", message);
        body.putObject("data").put("status", status);
        SimulatedHttp.answer(exchange, status, "application/json; charset=UTF-8", body.toString());
    }

    private void invalidParameter(HttpExchange exchange, InvalidParameter e) throws IOException {
        ObjectNode body = json.createObjectNode().put("code", "rest_invalid_param")
                .put("message", "Invalid parameter(s): " + e.name);
        ObjectNode data = body.putObject("data").put("status", 400);
        data.putObject("params").put(e.name, e.getMessage());
        SimulatedHttp.answer(exchange, 400, "application/json; charset=UTF-8", body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A product or variation: a WordPress post ({@code parentId} 0 for a product), with its stock. */
    private record Post(long id, long parentId, String type, String sku, boolean manageStock, Integer stockQuantity) {
    }

    @FunctionalInterface
    private interface Answer {
        void send() throws IOException;
    }

    /** A list request's parameters, checked as WordPress checks them (a bad one is a 400, not ignored). */
    private record ListQuery(int page, int perPage, boolean descending, String orderBy, boolean datesAreGmt,
            LocalDateTime modifiedAfter, LocalDateTime modifiedBefore, LocalDateTime after, LocalDateTime before) {

        static ListQuery of(Map<String, String> query) {
            boolean gmt = bool(query, "dates_are_gmt");
            String order = query.getOrDefault("order", "desc");
            if (!order.equals("asc") && !order.equals("desc")) {
                throw new InvalidParameter("order", "order is not one of asc, desc.");
            }
            String orderBy = query.getOrDefault("orderby", "date");
            if (!ORDER_BY.contains(orderBy)) {
                throw new InvalidParameter("orderby", "orderby is not one of " + ORDER_BY + ".");
            }
            return new ListQuery(integer(query, "page", 1, 1, Integer.MAX_VALUE), integer(query, "per_page", 10, 1, 100),
                    order.equals("desc"), orderBy, gmt, bound(query, "modified_after"), bound(query, "modified_before"),
                    bound(query, "after"), bound(query, "before"));
        }

        boolean matches(SimulatedOrder order) {
            LocalDateTime modified = column(order.updatedAt());
            LocalDateTime created = column(order.createdAt());
            // WordPress's date query: after and before are exclusive
            return (modifiedAfter == null || modified.isAfter(modifiedAfter))
                    && (modifiedBefore == null || modified.isBefore(modifiedBefore))
                    && (after == null || created.isAfter(after))
                    && (before == null || created.isBefore(before));
        }

        /** The column compared: the GMT one with dates_are_gmt, else the one in the site's time zone. */
        private LocalDateTime column(Instant time) {
            return LocalDateTime.ofInstant(time, datesAreGmt ? ZoneOffset.UTC : SITE_ZONE);
        }

        /** As WooCommerce sorts: date and modified with the id as tie-break, so pages do not overlap. */
        Comparator<SimulatedOrder> sort() {
            Comparator<SimulatedOrder> byId = Comparator.comparingLong(order -> Long.parseLong(order.orderId()));
            Function<SimulatedOrder, Instant> key = switch (orderBy) {
                case "modified" -> SimulatedOrder::updatedAt;
                case "id", "include", "title", "slug" -> null;
                default -> SimulatedOrder::createdAt;
            };
            Comparator<SimulatedOrder> sort = key == null ? byId : Comparator.comparing(key).thenComparing(byId);
            return descending ? sort.reversed() : sort;
        }

        private static boolean bool(Map<String, String> query, String name) {
            String value = query.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "1" -> true;
                case "false", "0", "" -> false;
                default -> throw new InvalidParameter(name, name + " is not of type boolean.");
            };
        }

        private static int integer(Map<String, String> query, String name, int absent, int min, int max) {
            String value = query.get(name);
            if (value == null) {
                return absent;
            }
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new InvalidParameter(name, name + " must be between " + min + " (inclusive) and " + max
                            + " (inclusive)");
                }
                return number;
            } catch (NumberFormatException e) {
                throw new InvalidParameter(name, name + " is not of type integer.");
            }
        }

        /**
         * A date bound as WordPress reads it: without an offset, as it is (in the compared column's zone); with one,
         * converted into the site's time zone first. WordPress compares whole seconds.
         */
        private static LocalDateTime bound(Map<String, String> query, String name) {
            String value = query.get(name);
            if (value == null) {
                return null;
            }
            Matcher matcher = DATE_TIME.matcher(value);
            if (!matcher.matches()) {
                throw new InvalidParameter(name, "Invalid date.");
            }
            LocalDateTime local = LocalDateTime.parse(matcher.group(1) + "T" + matcher.group(2));
            String offset = matcher.group(4);
            if (offset == null) {
                return local;
            }
            String isoOffset = offset.equalsIgnoreCase("z") ? "Z"
                    : offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset;
            return OffsetDateTime.of(local, ZoneOffset.of(isoOffset)).atZoneSameInstant(SITE_ZONE).toLocalDateTime();
        }
    }

    private static final class InvalidParameter extends RuntimeException {
        private final String name;

        InvalidParameter(String name, String message) {
            super(message);
            this.name = name;
        }
    }
}
