package io.channelhub.inventory;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.Listing;
import io.channelhub.ops.OpsConnectors;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

    public ListingController(OpsConnectors connectors, ListingStore listings) {
        this.connectors = connectors;
        this.listings = listings;
    }

    @PutMapping("/{sku}")
    public Listing put(@PathVariable String connectorId, @PathVariable String sku, @RequestBody Map<String, String> ids) {
        connectors.pushingStock(connectorId);
        Listing listing = new Listing(connectorId, sku, ids);
        listings.put(listing);
        return listing;
    }

    @GetMapping
    public List<Listing> all(@PathVariable String connectorId) {
        connectors.pushingStock(connectorId);
        return listings.ofConnector(connectorId);
    }

    /** Reads every listing of ours from the marketplace's API and stores it (existing ones are updated). */
    @PostMapping("/import")
    public Map<String, Integer> importFromMarketplace(@PathVariable String connectorId) {
        ConfiguredConnector connector = connectors.pushingStock(connectorId);
        if (!connector.marketplace().importsListings()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "connector " + connectorId + " (type "
                    + connector.marketplace().type() + ") cannot import listings: set them with PUT");
        }
        List<Listing> found = connector.marketplace().importListings(connectorId, connector.settings());
        found.forEach(listings::put);
        return Map.of("imported", found.size());
    }
}
