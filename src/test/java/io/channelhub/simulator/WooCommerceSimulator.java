package io.channelhub.simulator;

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
import java.util.function.Function;
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
 */
public final class WooCommerceSimulator implements OrderSourceSimulator, AutoCloseable {

    public static final String CONSUMER_KEY = "ck_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    public static final String CONSUMER_SECRET = "cs_76543210fedcba9876543210fedcba9876543210";
    public static final ZoneId SITE_ZONE = ZoneId.of("Europe/Berlin");
    static final String ORDERS_PATH = "/wp-json/wc/v3/orders";
    private static final DateTimeFormatter WOO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** WordPress's check of a {@code date-time} parameter (RFC 3339, the offset optional). */
    private static final Pattern DATE_TIME =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}:\\d{2})(\\.\\d+)?(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$");
    private static final Set<String> ORDER_BY = Set.of("date", "id", "include", "title", "slug", "modified");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    private final AtomicInteger listRequests = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private volatile int failingPageIndex = -1;

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

    private void restApi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        if (!path.equals(ORDERS_PATH) || !"GET".equals(exchange.getRequestMethod())) {
            error(exchange, 404, "rest_no_route", "No route was found matching the URL and request method.");
            return;
        }
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
