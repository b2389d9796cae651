package io.channelhub.connector.bol;

import io.channelhub.connector.ConnectorSettings;
import io.channelhub.connector.Listing;
import io.channelhub.connector.MarketplaceRefusedException;
import io.channelhub.connector.TransientMarketplaceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The seller's offers as listings, read from Bol's offer export, which is asynchronous: {@code POST
 * /retailer/offers/export} queues it, the process status turns SUCCESS with the report id as its entity id once the
 * CSV is ready, and {@code GET /retailer/offers/export/{reportId}} fetches it. Each FBR offer becomes a listing of
 * its reference (the SKU the retailer gave it, as orders carry it), else its EAN, with its {@code offerId}; FBB
 * offers are left out, since Bol keeps their stock.
 */
@Component
public class BolOfferExport {

    private final BolApi api;
    private final BolProcessTracker tracker;

    public BolOfferExport(BolApi api, BolProcessTracker tracker) {
        this.api = api;
        this.tracker = tracker;
    }

    List<Listing> listings(String connectorId, ConnectorSettings settings) {
        BolProcessStatus accepted = BolProcessStatus.of(api.parse(api.requestOfferExport(connectorId, settings)));
        // preparing an export of a large assortment takes Bol minutes, not seconds
        BolProcessStatus settled = tracker.settle(connectorId, settings, accepted,
                BolProcessTracker.Patience.of(settings, "export-status", 60, "5s"));
        switch (settled.status()) {
            case BolProcessStatus.SUCCESS -> {
                if (settled.entityId() == null) {
                    throw new TransientMarketplaceException("Bol's offer export " + settled.id() + " succeeded without a report id");
                }
            }
            case BolProcessStatus.FAILURE -> throw new MarketplaceRefusedException(0, settled.reason());
            case BolProcessStatus.PENDING -> throw new TransientMarketplaceException("Bol's offer export " + settled.id()
                    + " is still being prepared; ask again later");
            default -> throw new TransientMarketplaceException(settled.reason());
        }
        List<Listing> listings = new ArrayList<>();
        for (Map<String, String> row : BolCsv.rows(api.offerExport(connectorId, settings, settled.entityId()))) {
            String offerId = blankToNull(row.get("offerId"));
            String sku = blankToNull(row.get("referenceCode")) != null ? row.get("referenceCode").strip()
                    : blankToNull(row.get("reference")) != null ? row.get("reference").strip() : blankToNull(row.get("ean"));
            if (offerId == null || sku == null || "FBB".equalsIgnoreCase(row.get("fulfilmentType"))) {
                continue;
            }
            listings.add(new Listing(connectorId, sku, Map.of(BolStockWriter.OFFER_ID, offerId.strip())));
        }
        return listings;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
