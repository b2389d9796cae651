package io.channelhub.inventory;

import io.channelhub.connector.ConnectorRoutes;
import io.channelhub.connector.Listing;
import io.channelhub.connector.StockUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * First step of a push round: if this instance holds the connector's lease, reads the listings waiting for a push and
 * what each may advertise now (policy over the ledger's current numbers, so however many changes came in, the latest
 * value is the one sent). A listing already showing that value is marked clean without a call. The body becomes the
 * list of {@link PendingPush}es, empty when there is nothing to send.
 */
@Component("stockPushRound")
public class StockPushRound implements Processor {


    private final StockPushLease lease;
    private final AdvertisedStock advertised;
    private final ListingStore listings;
    private final InventoryStore inventory;
    private final StockProperties properties;

    public StockPushRound(StockPushLease lease, AdvertisedStock advertised, ListingStore listings,
            InventoryStore inventory, StockProperties properties) {
        this.lease = lease;
        this.advertised = advertised;
        this.listings = listings;
        this.inventory = inventory;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        String connectorId = exchange.getMessage().getHeader(ConnectorRoutes.CONNECTOR_HEADER, String.class);
        List<PendingPush> pushes = new ArrayList<>();
        // each mark is read and cleared on its own (no round-wide transaction): a round never holds locks that an
        // order's transaction on the same SKU would wait for
        if (advertised.anyPending(connectorId) && lease.acquire(connectorId)) {
            for (AdvertisedStock.Pending pending : advertised.pending(connectorId, properties.pushBatch())) {
                Listing listing = listings.find(connectorId, pending.sku()).orElse(null);
                StockLevel level = inventory.find(pending.sku()).orElse(null);
                if (listing == null || level == null) {
                    // no stock recorded yet: pushing 0 would empty a live shop before its first count; the first count
                    // marks the listing again
                    advertised.abandoned(pending, listing == null ? "no listing" : "no stock recorded for the SKU yet");
                    continue;
                }
                int quantity = properties.policyFor(connectorId, pending.sku()).advertise(level.available());
                if (pending.pushed() != null && pending.pushed() == quantity) {
                    advertised.pushed(pending, quantity);
                } else {
                    pushes.add(new PendingPush(pending, new StockUpdate(listing, quantity)));
                }
            }
        }
        exchange.getMessage().setBody(pushes);
    }
}
