package io.channelhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The buffer policy does what docs/stock.md's table of examples says, row by row (the table is read from the doc). */
class StockPolicyTest {

    @Test
    void everyExampleInTheDocsHolds() throws IOException {
        List<String> rows = examples();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(10);
        for (String row : rows) {
            String[] cells = row.substring(1, row.length() - 1).split("\\|", -1);
            StockPolicy policy = new StockPolicy(number(cells[1]), number(cells[2]), number(cells[3]), number(cells[4]),
                    number(cells[5]), number(cells[6]));
            assertThat(policy.advertise(number(cells[0]))).as(row).isEqualTo(number(cells[7]));
        }
    }

    @Test
    void aSkuPolicyFillsInBeforeTheConnectorsWhichFillsInBeforeTheGlobalOne() {
        StockProperties properties = new StockProperties(new StockPolicy(1, 50, null, null, null, null),
                Map.of("shopify", new StockPolicy(2, null, null, null, null, null)),
                Map.of("HOT-1", new StockPolicy(null, null, null, null, null, 3)), 250, 100, 10,
                Duration.ofSeconds(30));
        // HOT-1 on shopify: buffer 2 (connector), percent 50 (global), max 3 (SKU)
        assertThat(properties.policyFor("shopify", "HOT-1").advertise(20)).isEqualTo(3);
        assertThat(properties.policyFor("shopify", "OTHER").advertise(20)).isEqualTo(9);
        assertThat(properties.policyFor("woo", "OTHER").advertise(21)).isEqualTo(10);
    }

    private static List<String> examples() throws IOException {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/stock.md"))) {
            if (line.startsWith("| available |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("|")) {
                rows.add(line.replace(" ", ""));
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static Integer number(String cell) {
        return cell.isBlank() ? null : Integer.valueOf(cell.trim());
    }
}
