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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>Stock goes through the Listings Items API 2021-08-01 of seller {@link #SELLER_ID} in {@link #MARKETPLACE_ID}, with
 * the same access tokens (403 without a current one or for another seller): a listing's seller-fulfilled quantity is
 * its {@code fulfillment_availability} entry with {@code fulfillment_channel_code} DEFAULT.
 * <ul>
 * <li>patchListingsItem {@code PATCH /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=..}, JSON body
 * {@code {productType, patches: [{op, path, value}]}} (415 for another media type, 400 for a body that is not such a
 * request): 200 {@code {sku, status, submissionId, issues}}, ACCEPTED, or INVALID with ERROR issues for an
 * availability without a channel code or with a quantity that is not a whole number from 0, or for a SKU a test
 * made {@link #refuseStockOf refuse}. As Amazon does, a patch of a SKU the seller has no listing for is ACCEPTED and
 * starts an offer of it (no ASIN, not buyable). An accepted submission is processed after
 * {@link #stockProcessingDelay} (none by default).</li>
 * <li>getListingsItem {@code GET} on the same path, {@code includedData} summaries (default), attributes, issues,
 * offers, fulfillmentAvailability, procurement, relationships, productTypes; 404 for an unknown SKU.</li>
 * <li>searchListingsItems {@code GET /listings/2021-08-01/items/{sellerId}?marketplaceIds=..} (one marketplace):
 * {@code pageSize} 1 to 20 (default 10), {@code sortBy} sku, createdDate or lastUpdatedDate (default), {@code sortOrder}
 * ASC or DESC (default), {@code createdAfter} (inclusive), {@code pageToken} = the {@code pagination.nextToken} of the
 * page before; {@code numberOfResults} counts every match but only the first 1,000 can be paged through.</li>
 * </ul>
 * Each operation has its token bucket (patch 5/s burst 5, get 5/s burst 10, search 5/s burst 5, as documented),
 * answered 429 QuotaExceeded without Retry-After when empty; 2xx answers announce the rate in
 * {@code x-amzn-RateLimit-Limit}.
 */
public final class AmazonSimulator implements OrderSourceSimulator, StockSimulator, AutoCloseable {

    public static final String CLIENT_ID = "amzn1.application-oa2-client.sim";
    public static final String CLIENT_SECRET = "sim-client-secret";
    public static final String REFRESH_TOKEN = "Atzr|sim-refresh-token";
    /** Amazon.co.uk, where simulated orders are placed. */
    public static final String MARKETPLACE_ID = "A1F83G8C2ARO7P";
    /** getOrders' documented usage plan. */
    public static final double GET_ORDERS_RATE = 0.0167;
    public static final int GET_ORDERS_BURST = 20;
    public static final int MAX_RESULTS_PER_PAGE = 100;
    /** The selling partner whose listings the simulator holds. */
    public static final String SELLER_ID = "A2SIMSELLER0001";
    /** The Listings Items API's documented usage plans. */
    public static final double LISTINGS_RATE = 5;
    public static final int PATCH_LISTINGS_BURST = 5;
    public static final int GET_LISTING_BURST = 10;
    public static final int SEARCH_LISTINGS_BURST = 5;
    /** searchListingsItems pages through no more results of one search than this. */
    public static final int SEARCHABLE_LISTINGS = 1000;

    private static final String ORDERS_PATH = "/orders/v0/orders";
    private static final String LISTINGS_PATH = "/listings/2021-08-01/items/";
    private static final Set<String> PATCH_OPS = Set.of("add", "replace", "merge", "delete");
    private static final Set<String> ITEM_DATA = Set.of("summaries", "attributes", "issues", "offers",
            "fulfillmentAvailability", "procurement", "relationships", "productTypes");
    private static final Set<String> SORT_FIELDS = Set.of("sku", "createdDate", "lastUpdatedDate");
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

    /** A listing as Amazon holds it; {@code quantity} null when it has no DEFAULT availability, asin null for an offer only. */
    private record SellerListing(String sku, String asin, String productType, Integer quantity, Instant created,
            Instant updated) {

        SellerListing withQuantity(Integer newQuantity, Instant at) {
            return new SellerListing(sku, asin, productType, newQuantity, created, at);
        }
    }

    /** An accepted quantity not processed yet. */
    private record PendingQuantity(Integer quantity, long dueNanos) {
    }

    /** What a searchListingsItems pageToken stands for. */
    private record SearchPage(List<String> skus, int pageSize, int offset) {
    }

    private final Map<String, SellerListing> sellerListings = new ConcurrentHashMap<>();
    private final Map<String, PendingQuantity> pendingQuantities = new ConcurrentHashMap<>();
    private final Map<String, String> stockRefusals = new ConcurrentHashMap<>();
    private final Map<String, SearchPage> searchPages = new ConcurrentHashMap<>();
    private final AtomicInteger listingsCreated = new AtomicInteger();
    private final AtomicInteger stockWrites = new AtomicInteger();
    private final AtomicInteger listingsRateLimitedLeft = new AtomicInteger();
    private final AtomicInteger throttledListingsRequests = new AtomicInteger();
    private final TokenBucket patchBucket = new TokenBucket(LISTINGS_RATE, PATCH_LISTINGS_BURST);
    private final TokenBucket getListingBucket = new TokenBucket(LISTINGS_RATE, GET_LISTING_BURST);
    private final TokenBucket searchBucket = new TokenBucket(LISTINGS_RATE, SEARCH_LISTINGS_BURST);
    private volatile Duration stockProcessingDelay = Duration.ZERO;
    private volatile int searchableListings = SEARCHABLE_LISTINGS;
    private Instant lastCreated = Instant.EPOCH;

    private AmazonSimulator(HttpServer server) {
        this.server = server;
    }

    public static AmazonSimulator start() {
        AmazonSimulator[] simulator = new AmazonSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/auth/o2/token", exchange -> simulator[0].token(exchange),
                ORDERS_PATH, exchange -> simulator[0].listOrders(exchange),
                ORDERS_PATH + "/", exchange -> simulator[0].orders(exchange),
                LISTINGS_PATH, exchange -> simulator[0].listingsItems(exchange)));
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
        listingsRateLimitedLeft.set(0);
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

    /** A listing of {@code sku} (the seller SKU), buyable with this DEFAULT quantity; its ids: {@code sellerSku}. */
    @Override
    public Map<String, String> createListing(String sku, int quantity) {
        Instant created = nextCreated();
        sellerListings.put(sku, new SellerListing(sku, "B0LST" + String.format("%05d", listingsCreated.incrementAndGet()),
                "HOME", quantity, created, created));
        return Map.of("sellerSku", sku);
    }

    @Override
    public Integer advertisedQuantity(Map<String, String> listingIds) {
        SellerListing listing = settled(listingIds.get("sellerSku"));
        return listing == null ? null : listing.quantity();
    }

    /** Accepted patchListingsItem submissions. */
    @Override
    public int stockWrites() {
        return stockWrites.get();
    }

    /** Forgets every listing, pending submission, refusal and search; bucket rates stay as set. */
    @Override
    public void clearListings() {
        sellerListings.clear();
        pendingQuantities.clear();
        stockRefusals.clear();
        searchPages.clear();
        patchBucket.refillFully();
        getListingBucket.refillFully();
        searchBucket.refillFully();
    }

    /** Patches of this SKU are answered INVALID with an ERROR issue of this message (as for a suppressed listing). */
    public void refuseStockOf(String sku, String message) {
        stockRefusals.put(sku, message);
    }

    /** Accepted quantities show this long after the answer (Amazon processes submissions asynchronously). */
    public void stockProcessingDelay(Duration delay) {
        stockProcessingDelay = delay;
    }

    /** The next {@code count} Listings Items API requests are answered 429 QuotaExceeded, without Retry-After. */
    public void rateLimitNextListingsRequests(int count) {
        listingsRateLimitedLeft.set(count);
    }

    /** How many Listings Items API requests were answered 429, dialled or because a bucket was empty. */
    public int throttledListingsRequests() {
        return throttledListingsRequests.get();
    }

    /** Every Listings Items operation's usage plan (default: documented ones); the buckets start full. */
    public void listingsRateLimit(double perSecond, int patchBurst, int getBurst, int searchBurst) {
        patchBucket.set(perSecond, patchBurst);
        getListingBucket.set(perSecond, getBurst);
        searchBucket.set(perSecond, searchBurst);
    }

    /** How many results of one search can be paged through (Amazon: 1,000). */
    public void searchableListings(int count) {
        searchableListings = count;
    }

    /** Strictly increasing, so that listings created in one millisecond still have an order. */
    private synchronized Instant nextCreated() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastCreated = now.isAfter(lastCreated) ? now : lastCreated.plusMillis(1);
        return lastCreated;
    }

    /** The listing with any accepted quantity that is due applied. */
    private SellerListing settled(String sku) {
        if (sku == null) {
            return null;
        }
        PendingQuantity pending = pendingQuantities.get(sku);
        if (pending != null && System.nanoTime() - pending.dueNanos() >= 0 && pendingQuantities.remove(sku, pending)) {
            sellerListings.computeIfPresent(sku, (key, listing) -> listing.withQuantity(pending.quantity(), Instant.now()));
        }
        return sellerListings.get(sku);
    }

    private void listingsItems(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        String[] segments = exchange.getRequestURI().getRawPath().substring(LISTINGS_PATH.length()).split("/", -1);
        String method = exchange.getRequestMethod();
        boolean search = segments.length == 1 && "GET".equals(method);
        boolean item = segments.length == 2 && !segments[1].isEmpty() && ("GET".equals(method) || "PATCH".equals(method));
        if (!search && !item) {
            errors(exchange, 404, "NotFound", "Resource not found.");
            return;
        }
        if (!authorised(exchange)) {
            return;
        }
        if (!SELLER_ID.equals(pathSegment(segments[0]))) {
            // the token was granted by another selling partner
            errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.");
            return;
        }
        TokenBucket bucket = search ? searchBucket : "PATCH".equals(method) ? patchBucket : getListingBucket;
        if (listingsRateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 || !bucket.tryTake()) {
            throttledListingsRequests.incrementAndGet();
            errors(exchange, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            return;
        }
        exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", bucket.rateHeader());
        Map<String, String> query = query(exchange);
        List<String> marketplaces = query.containsKey("marketplaceIds")
                ? List.of(query.get("marketplaceIds").split(",", -1)) : List.of();
        if (marketplaces.isEmpty() || marketplaces.contains("")) {
            errors(exchange, 400, "InvalidInput", "Missing or empty required parameter: marketplaceIds.");
            return;
        }
        if (!marketplaces.stream().allMatch(MARKETPLACE_ID::equals) || search && marketplaces.size() > 1) {
            errors(exchange, 400, "InvalidInput", "Invalid marketplaceIds: " + String.join(",", marketplaces) + ".");
            return;
        }
        if (search) {
            searchListings(exchange, query);
        } else if ("GET".equals(method)) {
            getListing(exchange, pathSegment(segments[1]), query);
        } else {
            patchListing(exchange, pathSegment(segments[1]));
        }
    }

    private void getListing(HttpExchange exchange, String sku, Map<String, String> query) throws IOException {
        Set<String> included = Set.of(query.getOrDefault("includedData", "summaries").split(","));
        if (!ITEM_DATA.containsAll(included)) {
            errors(exchange, 400, "InvalidInput", "Invalid includedData: " + query.get("includedData") + ".");
            return;
        }
        SellerListing listing = settled(sku);
        if (listing == null) {
            errors(exchange, 404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + MARKETPLACE_ID);
            return;
        }
        SimulatedHttp.answer(exchange, 200, item(listing, included).toString());
    }

    private ObjectNode item(SellerListing listing, Set<String> included) {
        ObjectNode item = JSON.createObjectNode();
        item.put("sku", listing.sku());
        if (included.contains("summaries")) {
            ObjectNode summary = item.putArray("summaries").addObject();
            summary.put("marketplaceId", MARKETPLACE_ID);
            if (listing.asin() != null) {
                summary.put("asin", listing.asin());
            }
            summary.put("productType", listing.productType());
            summary.put("conditionType", "new_new");
            ArrayNode status = summary.putArray("status");
            if (listing.asin() != null) {
                status.add("DISCOVERABLE");
                if (listing.quantity() != null && listing.quantity() > 0) {
                    status.add("BUYABLE");
                }
            }
            summary.put("itemName", listing.sku());
            summary.put("createdDate", listing.created().toString());
            summary.put("lastUpdatedDate", listing.updated().toString());
        }
        if (included.contains("attributes")) {
            ObjectNode attributes = item.putObject("attributes");
            if (listing.quantity() != null) {
                ObjectNode availability = attributes.putArray("fulfillment_availability").addObject();
                availability.put("fulfillment_channel_code", "DEFAULT");
                availability.put("quantity", listing.quantity());
            }
        }
        if (included.contains("issues")) {
            item.putArray("issues");
        }
        if (included.contains("fulfillmentAvailability")) {
            ArrayNode availabilities = item.putArray("fulfillmentAvailability");
            if (listing.quantity() != null) {
                availabilities.addObject().put("fulfillmentChannelCode", "DEFAULT").put("quantity", listing.quantity());
            }
        }
        return item;
    }

    private void patchListing(HttpExchange exchange, String sku) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            errors(exchange, 415, "UnsupportedMediaType", "The request payload is in an unsupported format.");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException unreadable) {
            body = null;
        }
        String invalid = invalidPatchRequest(body);
        if (invalid != null) {
            errors(exchange, 400, "InvalidInput", invalid);
            return;
        }
        ArrayNode issues = JSON.createArrayNode();
        boolean availabilityChanged = false;
        Integer quantity = null;
        for (JsonNode patch : body.get("patches")) {
            if (!"/attributes/fulfillment_availability".equals(patch.get("path").asText())) {
                continue; // other attributes are accepted and not simulated
            }
            availabilityChanged = true;
            if ("delete".equals(patch.get("op").asText())) {
                quantity = null;
                continue;
            }
            for (JsonNode availability : patch.get("value")) {
                String channel = availability.path("fulfillment_channel_code").asText("");
                JsonNode given = availability.get("quantity");
                if (channel.isEmpty()) {
                    issue(issues, "90220", "fulfillment_availability needs a fulfillment_channel_code on every value.");
                } else if (given != null && !(given.isIntegralNumber() && given.canConvertToInt() && given.asInt() >= 0)) {
                    issue(issues, "4000001", "The quantity of fulfillment_availability must be a whole number from 0: " + given);
                } else if ("DEFAULT".equals(channel) && given != null) {
                    quantity = given.asInt();
                }
            }
        }
        String refusal = stockRefusals.get(sku);
        if (refusal != null) {
            issue(issues, "90000900", refusal);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("sku", sku);
        answer.put("status", issues.isEmpty() ? "ACCEPTED" : "INVALID");
        answer.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
        answer.set("issues", issues);
        if (issues.isEmpty()) {
            stockWrites.incrementAndGet();
            if (availabilityChanged) {
                accept(sku, quantity);
            }
        }
        SimulatedHttp.answer(exchange, 200, answer.toString());
    }

    /** Why the body is not a ListingsItemPatchRequest, or null when it is one. */
    private static String invalidPatchRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "Request has missing or invalid parameters and cannot be parsed.";
        }
        if (body.path("productType").asText("").isEmpty()) {
            return "Missing required property: productType.";
        }
        JsonNode patches = body.get("patches");
        if (patches == null || !patches.isArray() || patches.isEmpty()) {
            return "patches must hold at least one patch operation.";
        }
        for (int index = 0; index < patches.size(); index++) {
            JsonNode patch = patches.get(index);
            if (!PATCH_OPS.contains(patch.path("op").asText())) {
                return "Unsupported op for patch at index " + index + ".";
            }
            String path = patch.path("path").asText("");
            if (!path.matches("/attributes/[a-z0-9_]+")) {
                return "Only top-level attributes can be patched (patch at index " + index + ": '" + path + "').";
            }
            if (!"delete".equals(patch.get("op").asText()) && !patch.path("value").isArray()) {
                return "The patch at index " + index + " has no value array.";
            }
        }
        return null;
    }

    /** Applies an accepted quantity, now or after the processing delay; a SKU without a listing becomes an offer. */
    private void accept(String sku, Integer quantity) {
        Instant now = Instant.now();
        if (!sellerListings.containsKey(sku)) {
            Instant created = nextCreated();
            sellerListings.putIfAbsent(sku, new SellerListing(sku, null, "PRODUCT", null, created, created));
        }
        Duration delay = stockProcessingDelay;
        if (delay.isZero()) {
            pendingQuantities.remove(sku);
            sellerListings.computeIfPresent(sku, (key, listing) -> listing.withQuantity(quantity, now));
        } else {
            pendingQuantities.put(sku, new PendingQuantity(quantity, System.nanoTime() + delay.toNanos()));
        }
    }

    private static void issue(ArrayNode issues, String code, String message) {
        ObjectNode issue = issues.addObject();
        issue.put("code", code);
        issue.put("message", message);
        issue.put("severity", "ERROR");
        issue.putArray("attributeNames").add("fulfillment_availability");
        issue.putArray("categories");
    }

    private void searchListings(HttpExchange exchange, Map<String, String> query) throws IOException {
        Set<String> included = Set.of(query.getOrDefault("includedData", "summaries").split(","));
        if (!ITEM_DATA.containsAll(included)) {
            errors(exchange, 400, "InvalidInput", "Invalid includedData: " + query.get("includedData") + ".");
            return;
        }
        SearchPage page;
        if (query.containsKey("pageToken")) {
            page = searchPages.get(query.get("pageToken"));
            if (page == null) {
                errors(exchange, 400, "InvalidInput", "Invalid pageToken.");
                return;
            }
        } else {
            page = firstSearchPage(exchange, query);
            if (page == null) {
                return;
            }
        }
        int pageable = Math.min(page.skus().size(), searchableListings);
        int end = Math.min(pageable, page.offset() + page.pageSize());
        ObjectNode body = JSON.createObjectNode();
        body.put("numberOfResults", page.skus().size());
        ObjectNode pagination = body.putObject("pagination");
        if (end < pageable) {
            String token = nextToken();
            searchPages.put(token, new SearchPage(page.skus(), page.pageSize(), end));
            pagination.put("nextToken", token);
        }
        ArrayNode items = body.putArray("items");
        for (String sku : page.skus().subList(Math.min(page.offset(), end), end)) {
            SellerListing listing = settled(sku);
            if (listing != null) {
                items.add(item(listing, included));
            }
        }
        SimulatedHttp.answer(exchange, 200, body.toString());
    }

    /** The matches of a first search request, or null when it was refused (and answered). */
    private SearchPage firstSearchPage(HttpExchange exchange, Map<String, String> query) throws IOException {
        int pageSize;
        Instant createdAfter;
        try {
            pageSize = Integer.parseInt(query.getOrDefault("pageSize", "10"));
            createdAfter = instant(query.get("createdAfter"));
        } catch (NumberFormatException | DateTimeParseException e) {
            errors(exchange, 400, "InvalidInput", "Invalid input: " + e.getMessage());
            return null;
        }
        String sortBy = query.getOrDefault("sortBy", "lastUpdatedDate");
        String sortOrder = query.getOrDefault("sortOrder", "DESC");
        if (pageSize < 1 || pageSize > 20 || !SORT_FIELDS.contains(sortBy) || !Set.of("ASC", "DESC").contains(sortOrder)) {
            errors(exchange, 400, "InvalidInput", "pageSize must be 1 to 20, sortBy one of " + SORT_FIELDS
                    + ", sortOrder ASC or DESC.");
            return null;
        }
        Comparator<SellerListing> order = switch (sortBy) {
            case "sku" -> Comparator.comparing(SellerListing::sku);
            case "createdDate" -> Comparator.comparing(SellerListing::created).thenComparing(SellerListing::sku);
            default -> Comparator.comparing(SellerListing::updated).thenComparing(SellerListing::sku);
        };
        List<String> skus = sellerListings.keySet().stream().map(this::settled).filter(Objects::nonNull)
                .filter(listing -> createdAfter == null || !listing.created().isBefore(createdAfter))
                .sorted("ASC".equals(sortOrder) ? order : order.reversed())
                .map(SellerListing::sku).toList();
        return new SearchPage(skus, pageSize, 0);
    }

    /** A path segment as sent percent-encoded ('+' is itself there, not a space). */
    private static String pathSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
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
