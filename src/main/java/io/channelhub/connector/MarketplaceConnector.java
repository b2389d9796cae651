package io.channelhub.connector;

import io.channelhub.order.CanonicalOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a marketplace type must provide, one implementation per type (a Spring bean). Everything here works on
 * bytes and headers only: no I/O on the ingest path, so that verifying a webhook costs microseconds.
 */
public interface MarketplaceConnector {

    /** The type name used in configuration, e.g. {@code shopify}. */
    String type();

    /** Whether webhooks are verified with the connector's configured secret (not with keys the marketplace publishes). */
    default boolean usesSharedSecret() {
        return true;
    }

    /** Refuses, at start-up, settings this type cannot work with (e.g. a secret in the wrong format). */
    default void validate(String connectorId, ConnectorSettings settings) {
    }

    /**
     * A request the marketplace sends that is not an event and must be answered without being stored (e.g.
     * WooCommerce's unsigned ping when a webhook is saved). Empty, the default, for everything else.
     */
    default Optional<DirectAnswer> directAnswer(WebhookRequest request, ConnectorSettings settings) {
        return Optional.empty();
    }

    /** Checks the webhook's signature over its raw bytes against the connector's secrets. */
    SignatureCheck verify(WebhookRequest request, ConnectorSettings settings);

    /**
     * The same check for schemes whose keys are fetched from the marketplace (Bol.com, eBay): when the key is not
     * cached yet the fetch runs off the request's event loop and the answer completes later. Default: {@link #verify}.
     */
    default CompletionStage<SignatureCheck> verifyAsync(WebhookRequest request, ConnectorSettings settings) {
        return CompletableFuture.completedFuture(verify(request, settings));
    }

    /** The status a webhook with a missing or wrong signature gets: 401, except where the marketplace says otherwise. */
    default int refusalStatus() {
        return 401;
    }

    /**
     * What the hub records about a verified webhook before enqueuing it: the idempotency key, the event type,
     * the ordering key and the marketplace headers worth keeping. Must not fail on an unparseable body: such an
     * event is still stored and dead-lettered later with its raw bytes.
     */
    WebhookEnvelope envelope(WebhookRequest request);

    /**
     * For marketplaces whose webhook only names a resource (Amazon, Bol.com): fetches the resource from the
     * marketplace's API and returns the event with it as the body. Runs on the processing side, behind Kafka and
     * outside the database transaction, so a slow or failing API never holds up the webhook's acknowledgement and
     * its failures are retried with backoff like any other. Default: the event as it is.
     *
     * @throws TransientMarketplaceException when the API is unavailable or limiting us (retried)
     * @throws PermanentEventException       when the resource can never be fetched (dead-lettered)
     */
    default InboundEvent resolve(InboundEvent event, ConnectorSettings settings) {
        return event;
    }

    /** Whether {@link #resolve} calls the marketplace (so redelivered duplicates are worth skipping before it). */
    default boolean resolvesResources() {
        return false;
    }

    /**
     * Turns a stored event into a canonical order.
     *
     * @throws PermanentEventException when the payload can never be applied (unparseable, missing fields,
     *                                 an event type the connector does not handle)
     */
    CanonicalOrder normalise(InboundEvent event);

    /**
     * Whether the instance has what the marketplace's API needs (base URL, credentials). A type whose webhooks work
     * without the API (Shopify, WooCommerce) may be configured for webhooks only: then it gets no reconciliation or
     * stock sync routes, instead of runs that fail every time. Default: yes.
     */
    default boolean apiConfigured(ConnectorSettings settings) {
        return true;
    }

    /** Whether {@link #pollOrders} lists the marketplace's changed orders (reconciliation is possible). */
    default boolean pollsOrders() {
        return false;
    }

    /**
     * One page of the orders the marketplace changed at or after {@code since}, for reconciliation. The first call of
     * a run passes a null cursor; each next call passes the previous page's {@link PolledPage#nextCursor()}. Runs on
     * a reconciliation thread, never on the ingest path; rate limits are waited out here (a 429 is not a failure).
     *
     * @throws TransientMarketplaceException when the API fails; the run fails and its window is polled again
     */
    default PolledPage pollOrders(String connectorId, ConnectorSettings settings, Instant since, String cursor) {
        throw new UnsupportedOperationException("connector type " + type() + " cannot list orders");
    }

    /** Whether {@link #pushStock} can set listed quantities on this marketplace. */
    default boolean pushesStock() {
        return false;
    }

    /** The names of the marketplace ids a {@link Listing} of this type needs, e.g. {@code offerId}. */
    default List<String> listingIdNames() {
        return List.of();
    }

    /** The most updates one {@link #pushStock} call takes (eBay's bulk call: 25); the engine splits larger batches. */
    default int maxStockBatch() {
        return 1;
    }

    /**
     * Sets the quantities the marketplace advertises, one result per update in the same order. Runs on a stock-push
     * thread, never on the ingest path; 429s are waited out as in {@link MarketplaceHttp}. A write the marketplace
     * processes asynchronously (Bol.com's process status) is followed up here until it is known to have succeeded
     * or failed, or answered {@code RETRY}.
     *
     * @throws TransientMarketplaceException when the whole call failed and may succeed later (counted by the
     *                                       connector's circuit breaker)
     */
    default List<StockPushResult> pushStock(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        throw new UnsupportedOperationException("connector type " + type() + " cannot push stock");
    }

    /**
     * The quantity the marketplace currently advertises for a listing, for stock reconciliation; empty when the
     * marketplace does not show it.
     */
    default OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        return OptionalInt.empty();
    }

    /** Whether {@link #importListings} can read the seller's listings from the marketplace. */
    default boolean importsListings() {
        return false;
    }

    /**
     * Every listing of the seller on the marketplace that carries one of our SKUs, with the ids {@link #pushStock}
     * needs, read page by page from the marketplace's API (used to fill the hub's listing table instead of typing
     * ids in by hand).
     */
    default List<Listing> importListings(String connectorId, ConnectorSettings settings) {
        throw new UnsupportedOperationException("connector type " + type() + " cannot import listings");
    }
}
