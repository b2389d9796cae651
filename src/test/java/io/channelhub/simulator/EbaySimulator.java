package io.channelhub.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Stock, through the Inventory API with a user token whose scope includes {@code sell.inventory} (reads also take
 * {@code sell.inventory.readonly}); a token without it is answered 403. Inventory items (a SKU with a ship-to-home
 * quantity) and offers (an offerId on one SKU with an availableQuantity, published or not); a listing shows the smaller
 * of the two quantities, as eBay's does. {@code POST /sell/inventory/v1/bulk_update_price_quantity} takes
 * {@code application/json} with at most 25 requests and answers 200 when every item was updated, 207 when some were
 * not, with one {@code responses} entry per offer ({statusCode, sku, offerId, errors[{errorId, message}]}): an unknown
 * SKU or offer is 404, an offer of another SKU, an unpublished offer, a repeated offer or a negative quantity is 400,
 * and an offer dialled with {@link #failStockUpdatesOf} is 500. {@code GET /offer/{offerId}}, {@code GET
 * /offer?sku=} (404 when the SKU has no offers), {@code GET /inventory_item/{sku}} and {@code GET
 * /inventory_item?limit=&offset=} (limit 1 to 100, default 100; offset a page number, as eBay documents it; a full
 * {@code next} URL while there are more). The per-item status codes and error ids are the simulator's guesses where
 * eBay's documentation names none.
 */
public final class EbaySimulator implements AutoCloseable, OrderSourceSimulator, StockSimulator {

    public static final String CLIENT_ID = "sim-ebay-app";
    public static final String CLIENT_SECRET = "sim-ebay-cert";
    public static final String REFRESH_TOKEN = "v^1.1#sim-user-refresh";

    private static final String ORDERS_PATH = "/sell/fulfillment/v1/order";
    private static final String INVENTORY = "/sell/inventory/v1";
    private static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    private static final String INVENTORY_READ_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory.readonly";
    /** What the simulated seller consented to: a refresh-token grant may ask for these or fewer. */
    private static final Set<String> GRANTED_SCOPES = Set.of("https://api.ebay.com/oauth/api_scope",
            "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly", "https://api.ebay.com/oauth/api_scope/sell.fulfillment",
            INVENTORY_SCOPE, INVENTORY_READ_SCOPE);
    private static final int MAX_BULK_REQUESTS = 25;
    private static final int MAX_ITEMS_LIMIT = 100;
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
    private final Map<String, Set<String>> userTokenScopes = new ConcurrentHashMap<>();
    private final Object stock = new Object();
    private final Map<String, InventoryItem> inventoryItems = new HashMap<>();
    private final Map<String, Offer> offers = new HashMap<>();
    private final AtomicLong nextOfferId = new AtomicLong(5_005_317_000L);
    private final Set<String> failingOffers = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedOffers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inventoryRateLimitedLeft = new AtomicInteger();
    private final AtomicInteger inventoryRequests = new AtomicInteger();
    private final AtomicInteger stockWrites = new AtomicInteger();

    private EbaySimulator(HttpServer server) {
        this.server = server;
    }

    public static EbaySimulator start() {
        EbaySimulator[] simulator = new EbaySimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/identity/v1/oauth2/token", exchange -> simulator[0].token(exchange),
                "/commerce/notification/v1/public_key/", exchange -> simulator[0].publicKey(exchange),
                ORDERS_PATH + "/", exchange -> simulator[0].order(exchange),
                ORDERS_PATH, exchange -> simulator[0].listOrders(exchange),
                INVENTORY + "/bulk_update_price_quantity", exchange -> simulator[0].bulkUpdatePriceQuantity(exchange),
                INVENTORY + "/offer", exchange -> simulator[0].offers(exchange),
                INVENTORY + "/inventory_item", exchange -> simulator[0].inventoryItems(exchange)));
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
        failingOffers.clear();
        refusedOffers.clear();
        inventoryRateLimitedLeft.set(0);
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    /** Every user token issued so far stops working, as when eBay expires or revokes them early. */
    public void expireUserTokens() {
        userTokens.clear();
        userTokenScopes.clear();
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
            // eBay: the scopes asked for must be ones the seller consented to; none asked for means all of those
            String scope = form.get("scope");
            Set<String> scopes = scope == null || scope.isBlank() ? GRANTED_SCOPES : Set.of(scope.trim().split("\\s+"));
            if (!GRANTED_SCOPES.containsAll(scopes)) {
                SimulatedHttp.answer(exchange, 400, "{\"error\":\"invalid_scope\"}");
                return;
            }
            userTokens.add(token);
            userTokenScopes.put(token, scopes);
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

    // ---- stock: the Inventory API ----

    @Override
    public Map<String, String> createListing(String sku, int quantity) {
        return createOffer(sku, quantity, true);
    }

    /**
     * An offer of eBay SKU {@code ebaySku} (its inventory item made on first use, its ship-to-home quantity set to
     * {@code quantity}); returns {@code offerId} and {@code sku}.
     */
    public Map<String, String> createOffer(String ebaySku, int quantity, boolean published) {
        synchronized (stock) {
            createInventoryItem(ebaySku, quantity);
            String offerId = Long.toString(nextOfferId.incrementAndGet());
            Offer offer = new Offer(offerId, ebaySku, published);
            offer.availableQuantity = quantity;
            offers.put(offerId, offer);
            return Map.of("offerId", offerId, "sku", ebaySku);
        }
    }

    /** An inventory item with this ship-to-home quantity and, until an offer is made, no offers. */
    public void createInventoryItem(String ebaySku, int quantity) {
        synchronized (stock) {
            inventoryItems.computeIfAbsent(ebaySku, InventoryItem::new).shipToQuantity = quantity;
        }
    }

    /** What a listing of the offer shows: the smaller of its available and its SKU's ship-to-home quantity. */
    @Override
    public Integer advertisedQuantity(Map<String, String> listingIds) {
        synchronized (stock) {
            Offer offer = offers.get(listingIds.get("offerId"));
            if (offer == null || !offer.published) {
                return null;
            }
            InventoryItem item = inventoryItems.get(offer.sku);
            return item == null ? offer.availableQuantity : Math.min(offer.availableQuantity, item.shipToQuantity);
        }
    }

    /** The inventory item's ship-to-home quantity, or null. */
    public Integer shipToQuantity(String ebaySku) {
        synchronized (stock) {
            InventoryItem item = inventoryItems.get(ebaySku);
            return item == null ? null : item.shipToQuantity;
        }
    }

    /** The offer's availableQuantity, or null. */
    public Integer offerQuantity(String offerId) {
        synchronized (stock) {
            Offer offer = offers.get(offerId);
            return offer == null ? null : offer.availableQuantity;
        }
    }

    /** Sets the offer's availableQuantity as the seller might in Seller Hub, outside the hub. */
    public void setOfferQuantity(String offerId, int quantity) {
        synchronized (stock) {
            offers.get(offerId).availableQuantity = quantity;
        }
    }

    @Override
    public int stockWrites() {
        return stockWrites.get();
    }

    @Override
    public void clearListings() {
        synchronized (stock) {
            inventoryItems.clear();
            offers.clear();
        }
    }

    /** bulkUpdatePriceQuantity answers this offer's item with a 500 (the rest of the call goes through). */
    public void failStockUpdatesOf(String offerId) {
        failingOffers.add(offerId);
    }

    /**
     * bulkUpdatePriceQuantity refuses a whole call (400) that names this offer, as eBay refuses a request it cannot
     * read rather than answering per item.
     */
    public void refuseBulkCallsWith(String offerId) {
        refusedOffers.add(offerId);
    }

    /** The next {@code count} Inventory API requests are answered 429 with a short Retry-After. */
    public void rateLimitNextInventoryRequests(int count) {
        inventoryRateLimitedLeft.set(count);
    }

    /** Inventory API requests received (those answered 429 included). */
    public int inventoryRequests() {
        return inventoryRequests.get();
    }

    private void bulkUpdatePriceQuantity(HttpExchange exchange) throws IOException {
        if (!routed(exchange, "POST", INVENTORY + "/bulk_update_price_quantity") || !inventoryAccess(exchange, true)) {
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            inventoryError(exchange, 415, 2004, "Unsupported media type: Content-Type must be application/json");
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException unreadable) {
            inventoryError(exchange, 400, 2004, "Could not serialize field. The request is not valid JSON.");
            return;
        }
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            inventoryError(exchange, 400, 25709, "Invalid value for requests. At least one request is required.");
            return;
        }
        if (requests.size() > MAX_BULK_REQUESTS) {
            inventoryError(exchange, 400, 25709, "Invalid value for requests. At most " + MAX_BULK_REQUESTS + " are allowed.");
            return;
        }
        for (JsonNode offer : requests.findValues("offerId")) {
            if (refusedOffers.contains(offer.asText())) {
                inventoryError(exchange, 400, 25709, "Invalid value for offerId " + offer.asText());
                return;
            }
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode responses = answer.putArray("responses");
        boolean allUpdated = true;
        synchronized (stock) {
            for (JsonNode request : requests) {
                allUpdated &= updatePriceQuantity(request, responses);
            }
        }
        stockWrites.incrementAndGet();
        SimulatedHttp.answer(exchange, allUpdated ? 200 : 207, json.writeValueAsString(answer));
    }

    /** One PriceQuantity: its SKU's total and each of its offers; adds an entry per offer; whether all succeeded. */
    private boolean updatePriceQuantity(JsonNode request, ArrayNode responses) {
        String sku = request.path("sku").asText(null);
        JsonNode offerNodes = request.path("offers");
        JsonNode total = request.path("shipToLocationAvailability").path("quantity");
        InventoryItem item = sku == null ? null : inventoryItems.get(sku);
        if (item == null || (!total.isMissingNode() && (!total.canConvertToInt() || total.asInt() < 0))) {
            int status = item == null ? 404 : 400;
            int errorId = item == null ? 25702 : 25709;
            String message = item == null ? "SKU " + sku + " is not available in the system"
                    : "Invalid value for shipToLocationAvailability.quantity: " + total;
            if (offerNodes.isEmpty()) {
                itemResponse(responses, status, sku, null, errorId, message);
            }
            offerNodes.forEach(offer -> itemResponse(responses, status, sku, offer.path("offerId").asText(null), errorId, message));
            return false;
        }
        if (!total.isMissingNode()) {
            item.shipToQuantity = total.asInt();
        }
        if (offerNodes.isEmpty()) {
            itemResponse(responses, 200, sku, null, 0, null);
            return true;
        }
        boolean allUpdated = true;
        Set<String> seen = new HashSet<>();
        for (JsonNode offerNode : offerNodes) {
            String offerId = offerNode.path("offerId").asText(null);
            JsonNode quantity = offerNode.path("availableQuantity");
            Offer offer = offerId == null ? null : offers.get(offerId);
            int status;
            int errorId = 0;
            String message = null;
            if (offerId == null || !seen.add(offerId)) {
                status = 400;
                errorId = 25709;
                message = offerId == null ? "Invalid value for offerId" : "Offer " + offerId + " is given more than once";
            } else if (offer == null) {
                status = 404;
                errorId = 25713;
                message = "This Offer is not available : " + offerId;
            } else if (!offer.sku.equals(sku)) {
                status = 400;
                errorId = 25709;
                message = "Offer " + offerId + " is not associated with SKU " + sku;
            } else if (!offer.published) {
                status = 400;
                errorId = 25709;
                message = "Offer " + offerId + " is not published; use updateOffer to revise an unpublished offer";
            } else if (!quantity.canConvertToInt() || quantity.asInt() < 0) {
                status = 400;
                errorId = 25709;
                message = "Invalid value for availableQuantity: " + quantity;
            } else if (failingOffers.contains(offerId)) {
                status = 500;
                errorId = 25001;
                message = "A system error has occurred. Please try again.";
            } else {
                offer.availableQuantity = quantity.asInt();
                status = 200;
            }
            allUpdated &= status == 200;
            itemResponse(responses, status, sku, offerId, errorId, message);
        }
        return allUpdated;
    }

    private void itemResponse(ArrayNode responses, int status, String sku, String offerId, int errorId, String message) {
        ObjectNode response = responses.addObject();
        response.put("statusCode", status);
        if (sku != null) {
            response.put("sku", sku);
        }
        if (offerId != null) {
            response.put("offerId", offerId);
        }
        if (message != null) {
            response.putArray("errors").addObject().put("errorId", errorId).put("domain", "API_INVENTORY")
                    .put("category", "REQUEST").put("message", message);
        }
    }

    /** GET /offer/{offerId} and GET /offer?sku=. */
    private void offers(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean one = path.startsWith(INVENTORY + "/offer/");
        if (!routed(exchange, "GET", one ? path : INVENTORY + "/offer") || !inventoryAccess(exchange, false)) {
            return;
        }
        synchronized (stock) {
            if (one) {
                Offer offer = offers.get(path.substring((INVENTORY + "/offer/").length()));
                if (offer == null) {
                    inventoryError(exchange, 404, 25713, "This Offer is not available.");
                } else {
                    SimulatedHttp.answer(exchange, 200, json.writeValueAsString(render(offer)));
                }
                return;
            }
            String sku = queryParameters(exchange).get("sku");
            if (sku == null || sku.isBlank()) {
                inventoryError(exchange, 400, 25707, "Invalid sku. sku is required.");
                return;
            }
            List<Offer> ofSku = offers.values().stream().filter(offer -> offer.sku.equals(sku))
                    .sorted(Comparator.comparing(offer -> offer.offerId)).toList();
            if (ofSku.isEmpty()) {
                inventoryError(exchange, 404, 25713, "This Offer is not available.");
                return;
            }
            ObjectNode page = json.createObjectNode();
            page.put("href", baseUrl() + INVENTORY + "/offer?sku=" + URLEncoder.encode(sku, StandardCharsets.UTF_8));
            page.put("limit", MAX_ITEMS_LIMIT);
            page.put("size", ofSku.size());
            page.put("total", ofSku.size());
            ArrayNode listed = page.putArray("offers");
            ofSku.forEach(offer -> listed.add(render(offer)));
            SimulatedHttp.answer(exchange, 200, json.writeValueAsString(page));
        }
    }

    /** GET /inventory_item/{sku} and GET /inventory_item?limit=&offset= (offset a page number). */
    private void inventoryItems(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean one = path.startsWith(INVENTORY + "/inventory_item/");
        if (!routed(exchange, "GET", one ? path : INVENTORY + "/inventory_item") || !inventoryAccess(exchange, false)) {
            return;
        }
        synchronized (stock) {
            if (one) {
                String sku = path.substring((INVENTORY + "/inventory_item/").length());
                InventoryItem item = inventoryItems.get(sku);
                if (item == null) {
                    inventoryError(exchange, 404, 25702, "SKU " + sku + " is not available in the system");
                } else {
                    SimulatedHttp.answer(exchange, 200, json.writeValueAsString(render(item)));
                }
                return;
            }
            Map<String, String> parameters = queryParameters(exchange);
            Integer limit = number(parameters.get("limit"), MAX_ITEMS_LIMIT);
            Integer offset = number(parameters.get("offset"), 0);
            if (limit == null || limit < 1 || limit > MAX_ITEMS_LIMIT || offset == null || offset < 0) {
                inventoryError(exchange, 400, 25709, "Invalid value for limit or offset");
                return;
            }
            List<InventoryItem> all = inventoryItems.values().stream().sorted(Comparator.comparing(item -> item.sku)).toList();
            String self = baseUrl() + INVENTORY + "/inventory_item?";
            ObjectNode page = json.createObjectNode();
            page.put("href", self + "offset=" + offset + "&limit=" + limit);
            page.put("limit", limit);
            page.put("size", (all.size() + limit - 1) / limit);
            page.put("total", all.size());
            if ((long) (offset + 1) * limit < all.size()) {
                page.put("next", self + "offset=" + (offset + 1) + "&limit=" + limit);
            }
            if (offset > 0) {
                page.put("prev", self + "offset=" + (offset - 1) + "&limit=" + limit);
            }
            ArrayNode listed = page.putArray("inventoryItems");
            all.stream().skip((long) offset * limit).limit(limit).forEach(item -> listed.add(render(item)));
            SimulatedHttp.answer(exchange, 200, json.writeValueAsString(page));
        }
    }

    /** Whether the request is for this path with this method; if not, it is answered here. */
    private static boolean routed(HttpExchange exchange, String method, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            inventoryError(exchange, 404, 2002, "Resource not found");
            return false;
        }
        if (!method.equals(exchange.getRequestMethod())) {
            inventoryError(exchange, 405, 2003, "Method not allowed");
            return false;
        }
        return true;
    }

    /** A user token with the inventory scope (reads also take the read-only one), and eBay's rate limit. */
    private boolean inventoryAccess(HttpExchange exchange, boolean write) throws IOException {
        inventoryRequests.incrementAndGet();
        String token = SimulatedHttp.bearer(exchange);
        Set<String> scopes = token == null ? null : userTokenScopes.get(token);
        if (scopes == null || !userTokens.contains(token)) {
            inventoryError(exchange, 401, 1001, "Invalid access token");
            return false;
        }
        if (!scopes.contains(INVENTORY_SCOPE) && (write || !scopes.contains(INVENTORY_READ_SCOPE))) {
            inventoryError(exchange, 403, 1100, "Access denied: Insufficient permissions to fulfill the request.");
            return false;
        }
        if (inventoryRateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", RETRY_AFTER_SECONDS);
            inventoryError(exchange, 429, 2001, "Too many requests. The request limit has been reached for the resource.");
            return false;
        }
        return true;
    }

    private static void inventoryError(HttpExchange exchange, int status, int errorId, String message) throws IOException {
        String category = status == 401 || status == 403 || status == 429 ? "ACCESS" : "REQUEST";
        SimulatedHttp.answer(exchange, status, "{\"errors\":[{\"errorId\":" + errorId + ",\"domain\":\"API_INVENTORY\","
                + "\"category\":\"" + category + "\",\"message\":\"" + message.replace("\"", "'") + "\"}]}");
    }

    private static Map<String, String> queryParameters(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        rawParameters(exchange.getRequestURI().getRawQuery())
                .forEach((name, value) -> parameters.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8)));
        return parameters;
    }

    private ObjectNode render(Offer offer) {
        ObjectNode rendered = json.createObjectNode();
        rendered.put("offerId", offer.offerId);
        rendered.put("sku", offer.sku);
        rendered.put("marketplaceId", "EBAY_DE");
        rendered.put("format", "FIXED_PRICE");
        rendered.put("availableQuantity", offer.availableQuantity);
        rendered.put("categoryId", "11450");
        rendered.put("merchantLocationKey", "sim-warehouse");
        rendered.putObject("pricingSummary").putObject("price").put("value", "19.99").put("currency", "EUR");
        rendered.put("status", offer.published ? "PUBLISHED" : "UNPUBLISHED");
        if (offer.published) {
            rendered.putObject("listing").put("listingId", "11" + offer.offerId).put("listingStatus", "ACTIVE")
                    .put("soldQuantity", 0);
        }
        return rendered;
    }

    private ObjectNode render(InventoryItem item) {
        ObjectNode rendered = json.createObjectNode();
        rendered.put("sku", item.sku);
        rendered.put("locale", "de_DE");
        rendered.put("condition", "NEW");
        rendered.putObject("product").put("title", "Simulated " + item.sku);
        rendered.putObject("availability").putObject("shipToLocationAvailability").put("quantity", item.shipToQuantity);
        return rendered;
    }

    /** An inventory item: the seller's SKU and its total ship-to-home quantity. */
    private static final class InventoryItem {
        final String sku;
        int shipToQuantity;

        InventoryItem(String sku) {
            this.sku = sku;
        }
    }

    /** An offer of one SKU on one marketplace; published offers are live listings. */
    private static final class Offer {
        final String offerId;
        final String sku;
        final boolean published;
        int availableQuantity;

        Offer(String offerId, String sku, boolean published) {
            this.offerId = offerId;
            this.sku = sku;
            this.published = published;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
