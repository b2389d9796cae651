package io.channelhub.connector.bol;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.MarketplaceUnavailableException;
import io.channelhub.connector.StockPushResult;
import io.channelhub.connector.StockUpdate;
import io.channelhub.connector.TransientMarketplaceException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * Sets and reads the stock of Bol offers. A write is {@code PUT /retailer/offers/{offerId}/stock}, which Bol only
 * queues (202 and a process status); the write is followed up until Bol says how it went: SUCCESS is applied,
 * FAILURE is refused with Bol's error message, TIMEOUT or still PENDING after our patience is tried again later
 * (setting an absolute amount twice does no harm).
 *
 * <p>{@code managedByRetailer} is sent as true unless the option {@code stock-managed-by-retailer} is false: the
 * quantity the hub pushes already has every open order it knows of (Bol's included) reserved, so Bol must subtract
 * only the orders placed after the update, not all open ones a second time.
 */
@Component
public class BolStockWriter {

    static final String OFFER_ID = "offerId";
    /** The largest stock amount Bol accepts on an offer; a larger quantity is advertised as this. */
    static final int MAX_AMOUNT = 999;

    private final BolApi api;
    private final BolProcessTracker tracker;

    public BolStockWriter(BolApi api, BolProcessTracker tracker) {
        this.api = api;
        this.tracker = tracker;
    }

    /**
     * One result per update, in order.
     *
     * @throws TransientMarketplaceException when Bol could not take a write at all (5xx, rate limit beyond our
     *                                       patience, token refused)
     */
    List<StockPushResult> push(String connectorId, ConnectorSettings settings, List<StockUpdate> updates) {
        BolProcessTracker.Patience patience = BolProcessTracker.Patience.of(settings, "stock-status", 10, "1s");
        boolean managedByRetailer = Boolean.parseBoolean(settings.option("stock-managed-by-retailer", "true"));
        List<StockPushResult> results = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            results.add(push(connectorId, settings, update, managedByRetailer, patience));
        }
        return results;
    }

    private StockPushResult push(String connectorId, ConnectorSettings settings, StockUpdate update,
            boolean managedByRetailer, BolProcessTracker.Patience patience) {
        BolProcessStatus accepted;
        try {
            String offerId = update.listing().requiredId(OFFER_ID);
            accepted = BolProcessStatus.of(api.parse(api.updateStock(connectorId, settings, offerId,
                    Math.min(update.quantity(), MAX_AMOUNT), managedByRetailer)));
        } catch (MarketplaceRefusedException e) {
            return StockPushResult.refused(update, e.getMessage());
        } catch (MarketplaceUnavailableException e) {
            // a 404 names this offer only (deleted, or not yet created): the other offers are not affected, and
            // an offer being created may appear, so it is retried without counting against the whole connector
            if (e.status() == 404) {
                return StockPushResult.retry(update, e.getMessage());
            }
            throw e;
        }
        BolProcessStatus settled;
        try {
            settled = tracker.settle(connectorId, settings, accepted, patience);
        } catch (MarketplaceRefusedException | TransientMarketplaceException e) {
            return StockPushResult.retry(update, "Bol queued the write as process " + accepted.id()
                    + " but its status could not be read: " + e.getMessage());
        }
        return switch (settled.status()) {
            case BolProcessStatus.SUCCESS -> StockPushResult.applied(update);
            case BolProcessStatus.FAILURE -> StockPushResult.refused(update, settled.reason());
            case BolProcessStatus.PENDING -> StockPushResult.retry(update, "Bol process " + settled.id()
                    + " still PENDING after " + patience.checks() + " checks " + patience.interval().toMillis() + " ms apart");
            default -> StockPushResult.retry(update, settled.reason());
        };
    }

    /**
     * What Bol offers for sale now: the offer's {@code stock.correctedStock} (the amount sent minus the orders Bol
     * subtracts from it), else {@code stock.amount}; empty when the offer shows neither.
     */
    OptionalInt listedQuantity(String connectorId, ConnectorSettings settings, Listing listing) {
        JsonNode stock = api.parse(api.offer(connectorId, settings, listing.requiredId(OFFER_ID))).path("stock");
        JsonNode quantity = stock.hasNonNull("correctedStock") ? stock.get("correctedStock") : stock.path("amount");
        return quantity.canConvertToInt() && quantity.isIntegralNumber() ? OptionalInt.of(quantity.asInt()) : OptionalInt.empty();
    }
}
