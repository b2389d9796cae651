package io.channelhub.inventory;

import io.channelhub.ops.AuditLog;
import io.channelhub.ops.OpsPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The stock ledger for people and ERPs: set counts (one, a JSON list, a CSV file), read a SKU, see oversells. */
@RestController
@RequestMapping("/ops/inventory")
public class InventoryController {

    /** SKUs an audit entry of a feed names with their counts before and after; a feed can hold many thousands. */
    static final int AUDITED_SKUS = 100;

    private final StockFeed feed;
    private final InventoryStore inventory;
    private final ListingStore listings;
    private final StockProperties properties;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    public InventoryController(StockFeed feed, InventoryStore inventory, ListingStore listings,
            StockProperties properties, JdbcTemplate jdbc, AuditLog audit, TransactionTemplate transactions) {
        this.feed = feed;
        this.inventory = inventory;
        this.listings = listings;
        this.properties = properties;
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    @PutMapping("/{sku}")
    public SkuView set(@PathVariable String sku, @RequestBody OnHand body, OpsPrincipal who) {
        apply(List.of(new StockCount(sku, body.onHand())), sku, who);
        return view(sku);
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Integer> setMany(@RequestBody List<StockCount> counts, OpsPrincipal who) {
        apply(counts, null, who);
        return Map.of("applied", counts.size());
    }

    @PutMapping(consumes = "text/csv")
    public Map<String, Integer> setFromCsv(@RequestBody String csv, OpsPrincipal who) {
        List<StockCount> counts = StockFeed.parseCsv(csv);
        apply(counts, null, who);
        return Map.of("applied", counts.size());
    }

    @GetMapping("/{sku}")
    public SkuView one(@PathVariable String sku) {
        return view(sku);
    }

    /** Order lines the marketplaces sold when the ledger had not enough: the list people work through. */
    @GetMapping("/oversold")
    public List<Map<String, Object>> oversold() {
        return jdbc.queryForList("SELECT connector_id AS \"connectorId\", external_id AS \"orderId\", sku AS \"sku\", "
                + "quantity AS \"quantity\", held AS \"held\", shortfall AS \"shortfall\", state AS \"state\", "
                + "updated_at AS \"detectedAt\" FROM stock_reservations WHERE shortfall > 0 AND state <> 'RELEASED' "
                + "ORDER BY updated_at DESC FETCH FIRST 500 ROWS ONLY");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, String> refused(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }

    /**
     * Applies the counts and audits them in one transaction: on hand per SKU before (a SKU new to the ledger has none)
     * and after, for the first {@link #AUDITED_SKUS} SKUs in order.
     */
    private void apply(List<StockCount> counts, String sku, OpsPrincipal who) {
        TreeSet<String> skus = new TreeSet<>();
        counts.forEach(count -> skus.add(count.sku()));
        List<String> audited = skus.stream().limit(AUDITED_SKUS).toList();
        transactions.executeWithoutResult(status -> {
            Map<String, Integer> before = onHand(audited);
            feed.apply(counts);
            audit.record(who, "inventory.set", "inventory", sku, before, onHand(audited), skus.size() > audited.size()
                    ? skus.size() + " SKUs, the first " + audited.size() + " shown" : skus.size() + " SKUs");
        });
    }

    private Map<String, Integer> onHand(List<String> skus) {
        Map<String, Integer> onHand = new LinkedHashMap<>();
        skus.forEach(sku -> onHand.put(sku, inventory.find(sku).map(StockLevel::onHand).orElse(null)));
        return onHand;
    }

    private SkuView view(String sku) {
        StockLevel level = inventory.find(sku)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no stock recorded for " + sku));
        Map<String, Integer> advertised = new TreeMap<>();
        listings.ofSku(sku).forEach(listing -> advertised.put(listing.connectorId(),
                properties.policyFor(listing.connectorId(), sku).advertise(level.available())));
        return new SkuView(sku, level.onHand(), level.reserved(), level.available(), advertised);
    }

    /** The body of a single count. */
    public record OnHand(Integer onHand) {
    }

    /**
     * A SKU as the API shows it.
     *
     * @param advertised per connector listing the SKU, what it may sell by its policy now
     */
    public record SkuView(String sku, int onHand, int reserved, int available, Map<String, Integer> advertised) {
    }
}
