package io.channelhub.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Bol.com as the hub meets it: the token endpoint (client credentials, Basic auth, tokens of about five minutes),
 * the Retailer API v10 (vendor media type required) with the signature keys, getOrder and the order list, 429 with
 * Retry-After on demand, and pushes signed with RSA-SHA256 under a key id that the test can rotate.
 *
 * <p>As an {@link OrderSourceSimulator} it renders each {@link SimulatedOrder} as Bol does: getOrder's order and
 * the list's reduced order, every item carrying {@code latestChangedDateTime} = updatedAt. Bol orders are paid when
 * placed, so OPEN renders as PAID (nothing shipped or cancelled); FULFILLED ships and CANCELLED cancels every item.
 * The list ({@code GET /retailer/orders}) filters like Bol: {@code fulfilment-method} (default FBR; every simulated
 * order is FBR), {@code status} (default OPEN), {@code change-interval-minute} (1 to 60: items changed in the last
 * that many minutes), {@code latest-change-date} (items changed on that day, taken in Amsterdam time, up to three
 * months back); handled orders (all shipped or cancelled) are listed only for 48 hours after their change. Orders
 * come newest placed first, 50 a page ({@code page} from 1); a page past the end is {@code {}}.
 *
 * <p>As a {@link StockSimulator} it holds FBR offers (id {@code offerId}, a UUID; reference = the SKU) and takes
 * writes as Bol does: {@code PUT /retailer/offers/{offerId}/stock} with {@code {"amount": 0..999,
 * "managedByRetailer": bool}} (both required; Content-Type and Accept the v10 media type) is answered 202 with a
 * PENDING process status, and Bol's queue works it off in order a short moment later
 * ({@link #processingTime}): SUCCESS, or FAILURE with an error message for an offer it does not know.
 * {@code GET /shared/process-status/{id}} shows where a write is; {@code GET /retailer/offers/{offerId}} shows the
 * offer's {@code stock {amount, correctedStock, managedByRetailer}}, where correctedStock is the amount minus the
 * open orders placed through {@link #placeOrder} (all of them, or with managedByRetailer only those placed since the
 * last stock update). The offer export is asynchronous too: {@code POST /retailer/offers/export} {@code
 * {"format":"CSV"}} → process status, whose entityId is the report id once it succeeded → {@code GET
 * /retailer/offers/export/{reportId}} with Accept {@code application/vnd.retailer.v10+csv}.
 */
public final class BolSimulator implements AutoCloseable, OrderSourceSimulator, StockSimulator {

    public static final String CLIENT_ID = "sim-bol-client";
    public static final String CLIENT_SECRET = "sim-bol-secret";
    private static final String MEDIA_TYPE = "application/vnd.retailer.v10+json";
    private static final String CSV_MEDIA_TYPE = "application/vnd.retailer.v10+csv";
    private static final Duration DEFAULT_PROCESSING_TIME = Duration.ofMillis(150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 50;
    private static final ZoneId BOL_ZONE = ZoneId.of("Europe/Amsterdam");
    private static final Duration HANDLED_VISIBLE = Duration.ofHours(48);

    private final HttpServer server;
    private final Map<String, KeyPair> signingKeys = new ConcurrentHashMap<>();
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger keyListFetches = new AtomicInteger();
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final Map<String, SimulatedOrder> simulatedOrders = new ConcurrentHashMap<>();
    private final AtomicInteger listRateLimitedLeft = new AtomicInteger();
    private final AtomicInteger listRequests = new AtomicInteger();
    private volatile int failingListPage = -1;
    private volatile String currentKeyId;
    /** Offers by id, and Bol's queue of writes in the order they came: guarded by {@code this}. */
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> exports = new ConcurrentHashMap<>();
    private final AtomicInteger stockWrites = new AtomicInteger();
    private volatile Duration processingTime = DEFAULT_PROCESSING_TIME;
    private volatile boolean processingStalled;

    private BolSimulator(HttpServer server) {
        this.server = server;
        rotateKey();
    }

    public static BolSimulator start() {
        BolSimulator[] simulator = new BolSimulator[1];
        HttpServer server = SimulatedHttp.start(Map.of(
                "/token", exchange -> simulator[0].token(exchange),
                "/retailer/", exchange -> simulator[0].retailer(exchange),
                "/shared/", exchange -> simulator[0].retailer(exchange)));
        simulator[0] = new BolSimulator(server);
        return simulator[0];
    }

    public String baseUrl() {
        return SimulatedHttp.baseUrl(server);
    }

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
        orders.clear();
    }

    /** The next {@code count} list requests are answered 429 with Retry-After: 1 (Bol gives whole seconds). */
    @Override
    public void rateLimitNextListRequests(int count) {
        listRateLimitedLeft.set(count);
    }

    @Override
    public void failListPage(int pageIndex) {
        failingListPage = pageIndex;
    }

    @Override
    public DialledFaults faults() {
        return SimulatedHttp.faults(server);
    }

    @Override
    public void heal() {
        faults().clear();
        failingListPage = -1;
        listRateLimitedLeft.set(0);
        rateLimitedLeft.set(0);
        processingTime = DEFAULT_PROCESSING_TIME;
        processingStalled = false;
    }

    @Override
    public int listRequests() {
        return listRequests.get();
    }

    /** Bol starts signing with a new key, listed next to the old ones. */
    public String rotateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String keyId = "sim-key-" + (signingKeys.size() + 1);
            signingKeys.put(keyId, generator.generateKeyPair());
            currentKeyId = keyId;
            return keyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every token issued so far stops working, as one does after its five minutes. */
    public void expireTokens() {
        tokens.clear();
    }

    public int tokensIssued() {
        return issued.get();
    }

    public void rateLimitNext(int count) {
        rateLimitedLeft.set(count);
    }

    public int keyListFetches() {
        return keyListFetches.get();
    }

    /** The signature header Bol sends with this push body, under the current key. */
    public String signatureHeader(byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(signingKeys.get(currentKeyId).getPrivate());
            signer.update(body);
            return "keyId=" + currentKeyId + ", algorithm=\"rsa-sha256\", signature=" + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = SimulatedHttp.form(exchange);
        if (!SimulatedHttp.basic(exchange, CLIENT_ID, CLIENT_SECRET) || !"client_credentials".equals(form.get("grant_type"))) {
            SimulatedHttp.answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "sim-bol-token-" + issued.incrementAndGet();
        tokens.add(token);
        SimulatedHttp.answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":299,\"scope\":\"RETAILER\"}");
    }

    private void retailer(HttpExchange exchange) throws IOException {
        boolean list = exchange.getRequestURI().getPath().equals("/retailer/orders");
        if (list) {
            listRequests.incrementAndGet();
        }
        if (rateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            SimulatedHttp.answer(exchange, 429, MEDIA_TYPE, "{\"title\":\"Too Many Requests\",\"status\":429}");
            return;
        }
        if (list && listRateLimitedLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            SimulatedHttp.answer(exchange, 429, MEDIA_TYPE, "{\"title\":\"Too Many Requests\",\"status\":429,"
                    + "\"detail\":\"Too many requests, retry in 1 seconds.\"}");
            return;
        }
        if (!tokens.contains(SimulatedHttp.bearer(exchange))) {
            SimulatedHttp.answer(exchange, 401, MEDIA_TYPE, "{\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        boolean csv = "GET".equals(method) && path.startsWith("/retailer/offers/export/");
        if (!(csv ? CSV_MEDIA_TYPE : MEDIA_TYPE).equals(exchange.getRequestHeaders().getFirst("Accept"))) {
            SimulatedHttp.answer(exchange, 406, MEDIA_TYPE, "{\"title\":\"Not Acceptable\",\"status\":406}");
            return;
        }
        if (!"GET".equals(method) && !MEDIA_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            SimulatedHttp.answer(exchange, 415, MEDIA_TYPE, "{\"title\":\"Unsupported Media Type\",\"status\":415}");
            return;
        }
        if (path.startsWith("/shared/") || path.startsWith("/retailer/offers")) {
            stock(exchange, method, path);
        } else if (path.equals("/retailer/subscriptions/signature-keys")) {
            keyListFetches.incrementAndGet();
            String keys = signingKeys.entrySet().stream()
                    .map(e -> "{\"id\":\"" + e.getKey() + "\",\"type\":\"RSA\",\"publicKey\":\""
                            + Base64.getEncoder().encodeToString(e.getValue().getPublic().getEncoded()) + "\"}")
                    .collect(Collectors.joining(","));
            SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, "{\"signatureKeys\":[" + keys + "]}");
        } else if (list) {
            orderList(exchange);
        } else if (path.startsWith("/retailer/orders/")) {
            String orderId = path.substring("/retailer/orders/".length());
            SimulatedOrder simulated = simulatedOrders.get(orderId);
            String order = orders.containsKey(orderId) || simulated == null ? orders.get(orderId) : detail(simulated);
            if (order == null) {
                SimulatedHttp.answer(exchange, 404, MEDIA_TYPE, "{\"title\":\"Not Found\",\"status\":404}");
            } else {
                SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, order);
            }
        } else {
            SimulatedHttp.answer(exchange, 404, MEDIA_TYPE, "{\"title\":\"Not Found\",\"status\":404}");
        }
    }

    private void orderList(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Instant now = Instant.now();
        int page;
        Integer intervalMinutes;
        LocalDate changeDate;
        try {
            page = Integer.parseInt(query.getOrDefault("page", "1"));
            intervalMinutes = query.containsKey("change-interval-minute") ? Integer.valueOf(query.get("change-interval-minute")) : null;
            changeDate = query.containsKey("latest-change-date") ? LocalDate.parse(query.get("latest-change-date")) : null;
        } catch (NumberFormatException | DateTimeParseException e) {
            badRequest(exchange, "A query parameter is not of its type.");
            return;
        }
        String status = query.getOrDefault("status", "OPEN");
        String method = query.getOrDefault("fulfilment-method", "FBR");
        if (page < 1 || intervalMinutes != null && (intervalMinutes < 1 || intervalMinutes > 60)
                || changeDate != null && changeDate.isBefore(now.atZone(BOL_ZONE).toLocalDate().minusMonths(3))
                || !Set.of("OPEN", "SHIPPED", "ALL").contains(status) || !Set.of("FBR", "FBB", "ALL").contains(method)) {
            badRequest(exchange, "A query parameter is out of its range.");
            return;
        }
        if (page - 1 == failingListPage) {
            SimulatedHttp.answer(exchange, 500, MEDIA_TYPE, "{\"title\":\"Internal Server Error\",\"status\":500}");
            return;
        }
        List<SimulatedOrder> matching = simulatedOrders.values().stream()
                .filter(order -> !"FBB".equals(method))
                .filter(order -> switch (status) {
                    case "OPEN" -> !handled(order);
                    case "SHIPPED" -> "FULFILLED".equals(order.status());
                    default -> true;
                })
                .filter(order -> !handled(order) || !order.updatedAt().isBefore(now.minus(HANDLED_VISIBLE)))
                .filter(order -> intervalMinutes == null || !order.updatedAt().isBefore(now.minus(Duration.ofMinutes(intervalMinutes))))
                .filter(order -> changeDate == null || order.updatedAt().atZone(BOL_ZONE).toLocalDate().equals(changeDate))
                .sorted(Comparator.comparing(SimulatedOrder::createdAt).reversed().thenComparing(SimulatedOrder::orderId))
                .skip((long) (page - 1) * PAGE_SIZE).limit(PAGE_SIZE).toList();
        // Bol leaves the collection out altogether when a page has nothing on it
        String body = matching.isEmpty() ? "{ }"
                : matching.stream().map(this::reduced).collect(Collectors.joining(",", "{\"orders\":[", "]}"));
        SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, body);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    private static void badRequest(HttpExchange exchange, String detail) throws IOException {
        SimulatedHttp.answer(exchange, 400, MEDIA_TYPE, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + detail + "\"}");
    }

    /** Shipped or cancelled: Bol's HANDLED, listed for 48 hours only. */
    private static boolean handled(SimulatedOrder order) {
        return "FULFILLED".equals(order.status()) || "CANCELLED".equals(order.status());
    }

    /** The list's reduced order. */
    private String reduced(SimulatedOrder order) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            SimulatedOrder.Line line = order.lines().get(i);
            items.add("""
                    {"orderItemId":"%s","ean":"%s","fulfilmentMethod":"FBR","fulfilmentStatus":"%s","quantity":%d,\
                    "quantityShipped":%d,"quantityCancelled":%d,"cancellationRequest":false,"latestChangedDateTime":"%s"}"""
                    .formatted(itemId(order, i), ean(line), handled(order) ? "HANDLED" : "OPEN", line.quantity(),
                            shipped(order, line), cancelled(order, line), bolTime(order.updatedAt())));
        }
        return "{\"orderId\":\"" + order.orderId() + "\",\"orderPlacedDateTime\":\"" + bolTime(order.createdAt())
                + "\",\"orderItems\":[" + String.join(",", items) + "]}";
    }

    /** getOrder's order. */
    private String detail(SimulatedOrder order) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            SimulatedOrder.Line line = order.lines().get(i);
            items.add("""
                    {"orderItemId":"%s","cancellationRequest":false,\
                    "fulfilment":{"method":"FBR","distributionParty":"RETAILER","latestDeliveryDate":"%s","timeFrameType":"REGULAR"},\
                    "offer":{"offerId":"%s","reference":"%s"},"product":{"ean":"%s","title":"%s"},\
                    "quantity":%d,"quantityShipped":%d,"quantityCancelled":%d,"unitPrice":%s,"totalPrice":%s,\
                    "commission":0.50,"latestChangedDateTime":"%s"}"""
                    .formatted(itemId(order, i), order.createdAt().atZone(BOL_ZONE).toLocalDate().plusDays(2), offerIdOf(line.sku()),
                            line.sku(), ean(line), line.sku(), line.quantity(), shipped(order, line), cancelled(order, line),
                            line.price().toPlainString(), line.price().multiply(BigDecimal.valueOf(line.quantity())).toPlainString(),
                            bolTime(order.updatedAt())));
        }
        return """
                {"orderId":"%s","pickupPoint":false,"orderPlacedDateTime":"%s",\
                "shipmentDetails":{"salutation":"FEMALE","firstName":"Anna","surname":"de Vries","city":"Utrecht","countryCode":"NL"},\
                "billingDetails":{"firstName":"Anna","surname":"de Vries","email":"sim-%s@verkopen.bol.com"},\
                "orderItems":[%s]}""".formatted(order.orderId(), bolTime(order.createdAt()), order.orderId(), String.join(",", items));
    }

    private static int shipped(SimulatedOrder order, SimulatedOrder.Line line) {
        return "FULFILLED".equals(order.status()) ? line.quantity() : 0;
    }

    private static int cancelled(SimulatedOrder order, SimulatedOrder.Line line) {
        return "CANCELLED".equals(order.status()) ? line.quantity() : 0;
    }

    private static String itemId(SimulatedOrder order, int index) {
        return order.orderId() + "-" + (index + 1);
    }

    /** A made-up but stable 13-digit EAN per SKU. */
    private static String ean(SimulatedOrder.Line line) {
        return ean(line.sku());
    }

    private static String ean(String sku) {
        return String.format("87%011d", Math.floorMod(sku.hashCode(), 100_000_000_000L));
    }

    /** Times as Bol writes them: local to Amsterdam, with the offset. */
    private static String bolTime(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(BOL_ZONE).toOffsetDateTime());
    }

    // ---- stock: offers, their asynchronous stock writes and the offer export ----

    @Override
    public synchronized Map<String, String> createListing(String sku, int quantity) {
        String offerId = UUID.randomUUID().toString();
        offers.put(offerId, new Offer(offerId, sku, ean(sku), quantity));
        return Map.of("offerId", offerId);
    }

    @Override
    public synchronized Integer advertisedQuantity(Map<String, String> listingIds) {
        settle();
        Offer offer = offers.get(listingIds.get("offerId"));
        return offer == null ? null : offer.correctedStock();
    }

    /** PUTs of offer stock answered 202, whether Bol then carried them out or not. */
    @Override
    public int stockWrites() {
        return stockWrites.get();
    }

    @Override
    public synchronized void clearListings() {
        offers.clear();
        processes.clear();
        exports.clear();
    }

    /** The offer's stock amount as last set, whatever orders Bol subtracts from it; null for no such offer. */
    public synchronized Integer stockAmount(String offerId) {
        settle();
        Offer offer = offers.get(offerId);
        return offer == null ? null : offer.amount;
    }

    /** The managedByRetailer flag the offer's stock was last set with; null for no such offer. */
    public synchronized Boolean managedByRetailer(String offerId) {
        settle();
        Offer offer = offers.get(offerId);
        return offer == null ? null : offer.managedByRetailer;
    }

    /** A buyer orders {@code quantity} of the offer on Bol; the order stays open (not shipped). */
    public synchronized void placeOrder(String offerId, int quantity) {
        Offer offer = offers.get(offerId);
        offer.openOrdered += quantity;
        offer.orderedSinceUpdate += quantity;
    }

    /** How long Bol takes to work a queued write off (default 150 ms). */
    public void processingTime(Duration time) {
        processingTime = time;
    }

    /** Bol's queue stops: every write stays PENDING until {@link #heal()}. */
    public void stallProcessing() {
        processingStalled = true;
    }

    private synchronized void stock(HttpExchange exchange, String method, String path) throws IOException {
        settle();
        String[] parts = path.split("/");
        if ("GET".equals(method) && parts.length == 4 && path.startsWith("/shared/process-status/")) {
            Process process = processes.get(parts[3]);
            if (process == null) {
                notFound(exchange);
            } else {
                SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, process.json(baseUrl()));
            }
        } else if ("PUT".equals(method) && parts.length == 5 && "offers".equals(parts[2]) && "stock".equals(parts[4])) {
            updateStock(exchange, parts[3]);
        } else if ("POST".equals(method) && path.equals("/retailer/offers/export")) {
            JsonNode body = body(exchange);
            if (body == null || !"CSV".equals(body.path("format").asText())) {
                badRequest(exchange, "format must be CSV.");
                return;
            }
            Process process = enqueue("CREATE_OFFER_EXPORT", null, "Create an offer export.", () -> {
                String reportId = UUID.randomUUID().toString();
                exports.put(reportId, offerExportCsv());
                return new Outcome(ProcessState.SUCCESS, reportId, null);
            });
            SimulatedHttp.answer(exchange, 202, MEDIA_TYPE, process.json(baseUrl()));
        } else if ("GET".equals(method) && parts.length == 5 && path.startsWith("/retailer/offers/export/")) {
            String csv = exports.get(parts[4]);
            if (csv == null) {
                notFound(exchange);
            } else {
                SimulatedHttp.answer(exchange, 200, CSV_MEDIA_TYPE, csv);
            }
        } else if ("GET".equals(method) && parts.length == 4 && "offers".equals(parts[2])) {
            Offer offer = offers.get(parts[3]);
            if (offer == null) {
                notFound(exchange);
            } else {
                SimulatedHttp.answer(exchange, 200, MEDIA_TYPE, offer.json());
            }
        } else {
            notFound(exchange);
        }
    }

    private void updateStock(HttpExchange exchange, String offerId) throws IOException {
        JsonNode body = body(exchange);
        JsonNode amount = body == null ? null : body.get("amount");
        JsonNode managed = body == null ? null : body.get("managedByRetailer");
        if (amount == null || !amount.isIntegralNumber() || amount.asInt() < 0 || amount.asInt() > 999) {
            badRequest(exchange, "amount must be a whole number from 0 to 999.");
            return;
        }
        if (managed == null || !managed.isBoolean()) {
            badRequest(exchange, "managedByRetailer must be true or false.");
            return;
        }
        stockWrites.incrementAndGet();
        Process process = enqueue("UPDATE_OFFER_STOCK", offerId, "Update stock for offer with id " + offerId + ".", () -> {
            Offer offer = offers.get(offerId);
            if (offer == null) {
                return new Outcome(ProcessState.FAILURE, offerId, "No offer with id " + offerId + " exists for this retailer.");
            }
            offer.amount = amount.asInt();
            offer.managedByRetailer = managed.asBoolean();
            offer.orderedSinceUpdate = 0;
            return new Outcome(ProcessState.SUCCESS, offerId, null);
        });
        SimulatedHttp.answer(exchange, 202, MEDIA_TYPE, process.json(baseUrl()));
    }

    private Process enqueue(String eventType, String entityId, String description, Supplier<Outcome> work) {
        Instant now = Instant.now();
        Process process = new Process(UUID.randomUUID().toString(), eventType, entityId, description, now,
                now.plus(processingTime), work);
        processes.put(process.id, process);
        return process;
    }

    /** Bol's queue: the writes whose time has come are carried out, strictly in the order they were made. */
    private void settle() {
        if (processingStalled) {
            return;
        }
        Instant now = Instant.now();
        for (Process process : processes.values()) {
            if (process.state != ProcessState.PENDING) {
                continue;
            }
            if (now.isBefore(process.due)) {
                return;
            }
            Outcome outcome = process.work.get();
            process.state = outcome.state();
            process.entityId = outcome.entityId();
            process.errorMessage = outcome.errorMessage();
        }
    }

    private String offerExportCsv() {
        StringBuilder csv = new StringBuilder("offerId,ean,conditionName,conditionCategory,conditionComment,bundlePricesPrice,"
                + "fulfilmentDeliveryCode,stockAmount,onHoldByRetailer,fulfilmentType,mutationDateTime,referenceCode\r\n");
        for (Offer offer : offers.values()) {
            csv.append(String.join(",", offer.offerId, offer.ean, "NEW", "NEW", csvField("Nieuw, \"ongeopend\""), "19.95",
                    "1-2d", Integer.toString(offer.amount), "false", "FBR", bolTime(Instant.now()), csvField(offer.sku)))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String csvField(String value) {
        return value.matches("(?s).*[,\"\r\n].*") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private synchronized String offerIdOf(String sku) {
        return offers.values().stream().filter(offer -> offer.sku.equals(sku)).map(offer -> offer.offerId)
                .findFirst().orElse("sim-offer-" + sku);
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try {
            return JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        SimulatedHttp.answer(exchange, 404, MEDIA_TYPE, "{\"title\":\"Not Found\",\"status\":404}");
    }

    private enum ProcessState { PENDING, SUCCESS, FAILURE }

    private record Outcome(ProcessState state, String entityId, String errorMessage) {
    }

    /** One queued write and where it is. */
    private static final class Process {
        final String id;
        final String eventType;
        final String description;
        final Instant created;
        final Instant due;
        final Supplier<Outcome> work;
        ProcessState state = ProcessState.PENDING;
        String entityId;
        String errorMessage;

        Process(String id, String eventType, String entityId, String description, Instant created, Instant due,
                Supplier<Outcome> work) {
            this.id = id;
            this.eventType = eventType;
            this.entityId = entityId;
            this.description = description;
            this.created = created;
            this.due = due;
            this.work = work;
        }

        String json(String baseUrl) {
            ObjectNode node = JSON.createObjectNode().put("processStatusId", id);
            if (entityId != null) {
                node.put("entityId", entityId);
            }
            node.put("eventType", eventType).put("description", description).put("status", state.name());
            if (errorMessage != null) {
                node.put("errorMessage", errorMessage);
            }
            node.put("createTimestamp", bolTime(created));
            node.putArray("links").addObject().put("rel", "self").put("href", baseUrl + "/shared/process-status/" + id)
                    .put("method", "GET");
            return node.toString();
        }
    }

    /** One FBR offer of the retailer. */
    private static final class Offer {
        final String offerId;
        final String sku;
        final String ean;
        int amount;
        boolean managedByRetailer;
        int openOrdered;
        int orderedSinceUpdate;

        Offer(String offerId, String sku, String ean, int amount) {
            this.offerId = offerId;
            this.sku = sku;
            this.ean = ean;
            this.amount = amount;
        }

        /** What Bol sells: the amount minus the open orders it counts against it. */
        int correctedStock() {
            return Math.max(0, amount - (managedByRetailer ? orderedSinceUpdate : openOrdered));
        }

        String json() {
            ObjectNode node = JSON.createObjectNode().put("offerId", offerId).put("ean", ean).put("reference", sku)
                    .put("onHoldByRetailer", false);
            node.putObject("pricing").putArray("bundlePrices").addObject().put("quantity", 1).put("unitPrice", 19.95);
            node.putObject("stock").put("amount", amount).put("correctedStock", correctedStock())
                    .put("managedByRetailer", managedByRetailer);
            node.putObject("fulfilment").put("method", "FBR").put("deliveryCode", "1-2d");
            node.putObject("store").put("productTitle", sku).putArray("visible").addObject().put("countryCode", "NL");
            node.putObject("condition").put("name", "NEW");
            node.putArray("notPublishableReasons");
            return node.toString();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
