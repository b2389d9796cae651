package io.channelhub.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts of what is on hand, from people (ops API), files (CSV) or systems (the stock-feed Kafka topic). A feed of
 * many SKUs is applied in one transaction: all or none.
 */
@Component
public class StockFeed {

    private final InventoryStore inventory;
    private final StockLedger ledger;

    public StockFeed(InventoryStore inventory, StockLedger ledger) {
        this.inventory = inventory;
        this.ledger = ledger;
    }

    /**
     * Applies the counts, SKUs in sorted order (as order events lock them: a feed and an order can never wait on each
     * other crosswise); a SKU counted twice in one feed takes its last count.
     */
    @Transactional
    public void apply(List<StockCount> counts) {
        Map<String, Integer> bySku = new TreeMap<>();
        counts.forEach(count -> bySku.put(count.sku(), count.onHand()));
        bySku.forEach((sku, onHand) -> {
            if (inventory.setOnHand(sku, onHand)) {
                ledger.adoptUntracked(sku);
            }
        });
    }

    /**
     * Reads {@code sku,onHand} lines; a first line naming the columns is skipped. A malformed line refuses the whole
     * file, naming the line, so that half a file is never applied.
     */
    public static List<StockCount> parseCsv(String csv) {
        List<StockCount> counts = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(csv))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank() || number == 1 && line.toLowerCase(Locale.ROOT).startsWith("sku")) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != 2 || fields[0].isBlank()) {
                    throw new IllegalArgumentException("line " + number + " is not 'sku,onHand': " + line);
                }
                try {
                    counts.add(new StockCount(fields[0].trim(), Integer.parseInt(fields[1].trim())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + number + ": onHand is not a whole number: " + line, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
