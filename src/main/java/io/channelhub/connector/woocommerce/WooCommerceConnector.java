package io.channelhub.connector.woocommerce;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.DirectAnswer;
import io.channelhub.connector.HmacSha256;
import io.channelhub.connector.HmacSignatures;
import io.channelhub.connector.InboundEvent;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceConnector;
import io.channelhub.connector.PayloadFields;
import io.channelhub.connector.PolledOrder;
import io.channelhub.connector.PolledPage;
import io.channelhub.connector.SignatureCheck;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.WebhookEnvelope;
import io.channelhub.connector.WebhookRequest;
import io.channelhub.order.CanonicalOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The {@code woocommerce} marketplace type. */
@Component
public class WooCommerceConnector implements MarketplaceConnector {

    static final String SIGNATURE_HEADER = "X-WC-Webhook-Signature";
    /** Polled orders are stored under the topic of WooCommerce's own webhook for a changed order. */
    static final String POLLED_EVENT_TYPE = "order.updated";
    private static final Logger log = LoggerFactory.getLogger(WooCommerceConnector.class);
    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");
    private static final byte[] PING_ANSWER = "{\"status\":\"ping received\"}".getBytes(StandardCharsets.UTF_8);

    private final WooCommerceOrderNormaliser normaliser;
    private final WooCommerceApi api;
    private final WooCommerceStock stock;

    public WooCommerceConnector(WooCommerceOrderNormaliser normaliser, WooCommerceApi api) {
        this.normaliser = normaliser;
        this.api = api;
        this.stock = new WooCommerceStock(api);
    }

    @Override
    public String type() {
        return "woocommerce";
    }

    /**
     * When a webhook is saved WooCommerce sends an unsigned form-encoded {@code webhook_id=N} and disables the
     * webhook unless it gets a 2xx: answer it, store nothing.
     */
    @Override
    public Optional<DirectAnswer> directAnswer(WebhookRequest request, ConnectorSettings settings) {
        String contentType = request.header("Content-Type");
        boolean form = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if (form && PING.matcher(new String(request.body(), StandardCharsets.US_ASCII).trim()).matches()) {
            return Optional.of(new DirectAnswer(200, "application/json", PING_ANSWER));
        }
        return Optional.empty();
    }

    @Override
    public SignatureCheck verify(WebhookRequest request, ConnectorSettings settings) {
        String signature = request.header(SIGNATURE_HEADER);
        return HmacSignatures.check(settings, HmacSha256::utf8Key, request.body(),
                signature == null ? List.of() : List.of(signature));
    }

    /**
     * X-WC-Webhook-Delivery-ID changes on every send, so it cannot recognise a re-send. The event is the resource's
     * state: {@code <resource>:<id>:<date_modified_gmt>:<digest of the body>}; a body without id and date is named
     * by its digest alone. A re-send of the same state repeats the id.
     */
    @Override
    public WebhookEnvelope envelope(WebhookRequest request) {
        Map<String, String> fields = PayloadFields.topLevel(request.body(), Set.of("id", "date_modified_gmt"));
        String resource = Optional.ofNullable(request.header("X-WC-Webhook-Resource")).orElse("order");
        String id = fields.get("id");
        String modified = fields.get("date_modified_gmt");
        // the modification time has one-second resolution: the body's digest tells two changes within one second
        // apart, while a re-send of the same state (same bytes) keeps the same id
        String eventId = id != null && modified != null
                ? resource + ":" + id + ":" + modified + ":" + PayloadFields.sha256Id(request.body()).substring(7, 23)
                : PayloadFields.sha256Id(request.body());
        String topic = Optional.ofNullable(request.header("X-WC-Webhook-Topic")).orElse("unknown");
        return new WebhookEnvelope(eventId, topic, id != null ? id : eventId,
                request.headersStartingWith("x-wc-webhook-", Set.of("x-wc-webhook-signature")));
    }

    @Override
    public CanonicalOrder normalise(InboundEvent event) {
        return normaliser.normalise(event);
    }

    /** Webhooks need only the secret; reconciliation and stock sync need the API's address and credentials. */
    @Override
    public boolean apiConfigured(ConnectorSettings settings) {
        return settings.hasOptions("api-base-url", "consumer-key", "consumer-secret");
    }

    @Override
    public boolean pollsOrders() {
        return true;
    }

    /**
     * One page of {@code GET /wp-json/wc/v3/orders} filtered on {@code modified_after}; the cursor is the next page
     * number. The list is sorted by creation date and id, not by modification date: an order changed during a run
     * then keeps its place instead of moving to the end, so the orders behind it do not slide onto a page already
     * read and get skipped. An order newly changed during the run can only add itself to the list, which at worst
     * repeats an order on the next page (the hub deduplicates by id and version); if it lands on a page already
     * read, its change is after this run's start, so the next run's window holds it. Each body is the order
     * resource as listed, the same resource an {@code order.updated} webhook carries.
     */
    @Override
    public PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        int page = cursor == null ? 1 : Integer.parseInt(cursor);
        WooCommerceApi.OrdersPage listed = api.ordersModifiedSince(connectorId, settings, since, page);
        List<PolledOrder> orders = new ArrayList<>();
        for (byte[] body : listed.orders()) {
            String id = PayloadFields.topLevel(body, Set.of("id")).get("id");
            if (id == null) {
                // the normaliser would dead-letter it anyway, and failing the run would fail every run after it
                log.warn("{}: WooCommerce listed an order without an id on page {}; skipped", connectorId, page);
                continue;
            }
            orders.add(new PolledOrder(id, POLLED_EVENT_TYPE, body));
        }
        // without X-WP-TotalPages (a proxy may drop it) a full page is taken to have another after it
        boolean more = listed.totalPages().isPresent()
                ? page < listed.totalPages().getAsInt()
                : listed.orders().size() >= WooCommerceApi.PAGE_SIZE;
        return new PolledPage(orders, more ? String.valueOf(page + 1) : null);
    }

    @Override
    public boolean pushesStock() {
        return true;
    }

    /** {@code productId}, and {@code variationId} for a variation of a variable product (absent for any other). */
    @Override
    public List<String> listingIdNames() {
        return List.of(WooCommerceStock.PRODUCT_ID, WooCommerceStock.VARIATION_ID);
    }

    @Override
    public int maxStockBatch() {
        return WooCommerceStock.MAX_BATCH;
    }

    /** Through WooCommerce's batch endpoints; see {@link WooCommerceStock}. */
    @Override
    public List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        return stock.push(connectorId, settings, updates);
    }

    /** The product's or variation's {@code stock_quantity}; empty when it does not manage stock. */
    @Override
    public OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return stock.listedQuantity(connectorId, settings, listing);
    }

    @Override
    public boolean importsListings() {
        return true;
    }

    @Override
    public List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        return stock.importListings(connectorId, settings);
    }
}
