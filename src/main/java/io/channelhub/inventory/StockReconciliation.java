package io.channelhub.inventory;

import io.channelhub.connector.ConnectorRoutes;
import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.Listing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalInt;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads back what each listing of a connector shows on the marketplace and compares it with what its policy gives
 * now. A listing that shows something else (edited by hand in the marketplace's back office, a push lost on their
 * side) and has no push pending is drift: it is marked for a push, which corrects it, and counted. Listings whose
 * quantity the marketplace does not show are skipped.
 */
@Component("stockReconciliation")
public class StockReconciliation implements Processor {

    private static final Logger log = LoggerFactory.getLogger(StockReconciliation.class);

    private final ConnectorRegistry connectors;
    private final ListingStore listings;
    private final InventoryStore inventory;
    private final AdvertisedStock advertised;
    private final StockProperties properties;
    private final MeterRegistry meters;

    public StockReconciliation(ConnectorRegistry connectors, ListingStore listings, InventoryStore inventory,
            AdvertisedStock advertised, StockProperties properties, MeterRegistry meters) {
        this.connectors = connectors;
        this.listings = listings;
        this.inventory = inventory;
        this.advertised = advertised;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(run(exchange.getMessage().getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class)));
    }

    /** Checks every listing of the connector; the summary of what it found. */
    public StockReconciliationSummary run(String connectorId) {
        ConfiguredConnector connector = connectors.require(connectorId);
        int checked = 0;
        int drift = 0;
        int unreadable = 0;
        for (Listing listing : listings.ofConnector(connectorId)) {
            OptionalInt shown;
            try {
                shown = connector.marketplace().listedQuantity(connectorId, connector.settings(), listing);
            } catch (RuntimeException e) {
                // one listing the marketplace cannot tell us about must not stop the check of the others
                unreadable++;
                log.debug("connector={} sku={} listed quantity unreadable: {}", connectorId, listing.sku(), e.toString());
                continue;
            }
            if (shown.isEmpty()) {
                continue;
            }
            checked++;
            int wanted = properties.policyFor(connectorId, listing.sku())
                    .advertise(inventory.find(listing.sku()).map(StockLevel::available).orElse(0));
            if (shown.getAsInt() != wanted && advertised.markIfSettled(connectorId, listing.sku())) {
                drift++;
                log.info("connector={} sku={} marketplace shows {}, policy gives {}: pushed again", connectorId,
                        listing.sku(), shown.getAsInt(), wanted);
            }
        }
        meters.counter("hub.stock.drift", "connector", connectorId).increment(drift);
        log.info("connector={} stock reconciliation: {} listings checked, {} drifted, {} unreadable", connectorId, checked,
                drift, unreadable);
        return new StockReconciliationSummary(connectorId, checked, drift, unreadable);
    }

    /**
     * What a stock reconciliation found.
     *
     * @param checked    listings whose quantity the marketplace showed
     * @param drift      of those, the ones showing another quantity than the policy gives (now pushed again)
     * @param unreadable listings the marketplace could not be asked about (errors)
     */
    public record StockReconciliationSummary(String connectorId, int checked, int drift, int unreadable) {
    }
}
