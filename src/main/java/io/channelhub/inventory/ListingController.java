package io.channelhub.inventory;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.Listing;
import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsConnectors;
import io.channelhub.ops.OpsPrincipal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Where SKUs are sold: set one listing's marketplace ids, list a connector's, or import them from the marketplace. */
@RestController
@RequestMapping("/ops/listings/{connectorId}")
public class ListingController {

    private final OpsConnectors connectors;
    private final ListingStore listings;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    public ListingController(OpsConnectors connectors, ListingStore listings, AuditLog audit,
            TransactionTemplate transactions) {
        this.connectors = connectors;
        this.listings = listings;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Sets one listing; audited with the listing before (null when new) and after, in the same transaction. */
    @PutMapping("/{sku}")
    public Listing put(@PathVariable String connectorId, @PathVariable String sku, @RequestBody Map<String, String> ids,
            OpsPrincipal who) {
        connectors.pushingStock(connectorId);
        Listing listing = new Listing(connectorId, sku, ids);
        transactions.executeWithoutResult(status -> {
            Listing before = listings.find(connectorId, sku).orElse(null);
            listings.put(listing);
            audit.record(who, "listing.put", "listing", connectorId + "/" + sku, before, listing, null);
        });
        return listing;
    }

    @GetMapping
    public List<Listing> all(@PathVariable String connectorId) {
        connectors.pushingStock(connectorId);
        return listings.ofConnector(connectorId);
    }

    /**
     * Reads every listing of ours from the marketplace's API and stores it (existing ones are updated). Audited with
     * the connector's listing count before and after; the listings themselves can be many thousands.
     */
    @PostMapping("/import")
    public Map<String, Integer> importFromMarketplace(@PathVariable String connectorId, OpsPrincipal who) {
        ConfiguredConnector connector = connectors.pushingStock(connectorId);
        if (!connector.marketplace().importsListings()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "connector " + connectorId + " (type "
                    + connector.marketplace().type() + ") cannot import listings: set them with PUT");
        }
        List<Listing> found = connector.marketplace().importListings(connectorId, connector.settings());
        int before = listings.countOf(connectorId);
        int stored = 0;
        try {
            // each listing in its own transaction, as a PUT: a failure half way keeps what was stored, and says so below
            for (Listing listing : found) {
                listings.put(listing);
                stored++;
            }
        } finally {
            audit.record(who, "listing.import", "connector", connectorId, Map.of("listings", before),
                    Map.of("listings", listings.countOf(connectorId)), "imported " + stored + " of " + found.size());
        }
        return Map.of("imported", found.size());
    }
}
