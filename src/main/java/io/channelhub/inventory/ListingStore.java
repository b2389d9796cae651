package io.channelhub.inventory;

import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.Listing;
import io.channelhub.storage.StringMapColumn;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Where each SKU is sold, with the marketplace ids; a new or changed listing is pushed at once. */
@Component
public class ListingStore {

    private final JdbcTemplate jdbc;
    private final AdvertisedStock advertised;
    private final ObjectMapper json;
    private final Clock clock;

    public ListingStore(JdbcTemplate jdbc, AdvertisedStock advertised, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.advertised = advertised;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public void put(Listing listing) {
        String ids = StringMapColumn.write(json, listing.ids());
        if (jdbc.update("UPDATE listings SET ids = ?, updated_at = ? WHERE connector_id = ? AND sku = ?",
                ids, timestamp(clock.instant()), listing.connectorId(), listing.sku()) == 0) {
            jdbc.update("INSERT INTO listings (connector_id, sku, ids, updated_at) VALUES (?, ?, ?, ?)",
                    listing.connectorId(), listing.sku(), ids, timestamp(clock.instant()));
        }
        advertised.listed(listing.connectorId(), listing.sku());
    }

    public Optional<Listing> find(String connectorId, String sku) {
        return jdbc.query("SELECT connector_id, sku, ids FROM listings WHERE connector_id = ? AND sku = ?",
                (rs, i) -> new Listing(rs.getString(1), rs.getString(2), StringMapColumn.read(json, rs.getString(3))), connectorId, sku)
                .stream().findFirst();
    }

    /** Every listing of a SKU, on every connector. */
    public List<Listing> ofSku(String sku) {
        return jdbc.query("SELECT connector_id, sku, ids FROM listings WHERE sku = ? ORDER BY connector_id",
                (rs, i) -> new Listing(rs.getString(1), rs.getString(2), StringMapColumn.read(json, rs.getString(3))), sku);
    }

    public int countOf(String connectorId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM listings WHERE connector_id = ?", Integer.class, connectorId);
    }

    /** Every listing on a connector. */
    public List<Listing> ofConnector(String connectorId) {
        return jdbc.query("SELECT connector_id, sku, ids FROM listings WHERE connector_id = ? ORDER BY sku",
                (rs, i) -> new Listing(rs.getString(1), rs.getString(2), StringMapColumn.read(json, rs.getString(3))), connectorId);
    }
}
