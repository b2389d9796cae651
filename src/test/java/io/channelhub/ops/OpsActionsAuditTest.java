package io.channelhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.HubClient.OpsAnswer;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every action of the ops API on stock, listings and reconciliation is in the audit log with its before and after. */
class OpsActionsAuditTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WooCommerceSimulator woo = Simulators.woocommerce();

    @Test
    void aStockCountIsAuditedWithOnHandBeforeAndAfter() {
        String sku = "AUDIT-" + OrderIds.next();
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 4}");
        hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 7}");

        JsonNode count = latest("inventory.set", sku);
        assertThat(count.path("actor").asText()).isEqualTo("ops");
        assertThat(count.path("before").path(sku).asInt()).isEqualTo(4);
        assertThat(count.path("after").path(sku).asInt()).isEqualTo(7);
    }

    @Test
    void aFeedOfManyCountsIsOneEntryNamingEachSku() {
        String first = "AUDIT-A-" + OrderIds.next();
        String second = "AUDIT-B-" + OrderIds.next();
        assertThat(hub.opsPut("/ops/inventory", "text/csv", "sku,onHand\n" + first + ",3\n" + second + ",5\n").status())
                .isEqualTo(200);

        JsonNode feed = hub.ops("/ops/audit?action=inventory.set&size=1").body().path("items").get(0);
        assertThat(feed.path("before").has(first)).as("new to the ledger: " + feed).isFalse();
        assertThat(feed.path("after").path(first).asInt()).isEqualTo(3);
        assertThat(feed.path("after").path(second).asInt()).isEqualTo(5);
        assertThat(feed.path("detail").asText()).isEqualTo("2 SKUs");
    }

    @Test
    void aListingIsAuditedWithItsIdsBeforeAndAfter() {
        String sku = "AUDIT-LISTING-" + OrderIds.next();
        Map<String, String> ids = woo.createListing(sku, 0);
        hub.opsPut("/ops/listings/woo/" + sku, "application/json", JSON.valueToTree(ids).toString());
        JsonNode created = latest("listing.put", "woo/" + sku);
        assertThat(created.path("before").isMissingNode() || created.path("before").isNull()).as(created.toString()).isTrue();
        assertThat(created.path("after").path("ids").path("productId").asText()).isEqualTo(ids.get("productId"));

        Map<String, String> moved = woo.createListing(sku, 0);
        hub.opsPut("/ops/listings/woo/" + sku, "application/json", JSON.valueToTree(moved).toString());
        JsonNode changed = latest("listing.put", "woo/" + sku);
        assertThat(changed.path("before").path("ids").path("productId").asText()).isEqualTo(ids.get("productId"));
        assertThat(changed.path("after").path("ids").path("productId").asText()).isEqualTo(moved.get("productId"));
    }

    @Test
    void aListingImportIsAuditedWithTheConnectorsListingCounts() {
        woo.createListing("AUDIT-IMPORT-" + OrderIds.next(), 2);
        OpsAnswer imported = hub.opsPost("/ops/listings/woo/import");
        assertThat(imported.status()).isEqualTo(200);

        JsonNode entry = latest("listing.import", "woo");
        int found = imported.body().path("imported").asInt();
        assertThat(entry.path("detail").asText()).isEqualTo("imported " + found + " of " + found);
        assertThat(entry.path("after").path("listings").asInt()).isGreaterThanOrEqualTo(entry.path("before").path("listings").asInt());
    }

    @Test
    void reconciliationsStartedByAnOperatorAreAudited() {
        Instant now = Instant.now();
        OpsAnswer run = hub.opsPost("/ops/connectors/shopify/reconcile?since=" + now);
        assertThat(run.status()).isEqualTo(200);
        JsonNode orders = latest("connector.reconcile", "shopify");
        assertThat(orders.path("after").path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(orders.path("after").path("since").asText()).isEqualTo(run.body().path("since").asText());
        assertThat(orders.path("detail").asText()).isEqualTo("since " + now);

        OpsAnswer stock = hub.opsPost("/ops/connectors/woo/stock-reconcile");
        assertThat(stock.status()).isEqualTo(200);
        JsonNode check = latest("connector.stock-reconcile", "woo");
        assertThat(check.path("after").path("checked").asInt()).isEqualTo(stock.body().path("checked").asInt());
    }

    private JsonNode latest(String action, String targetId) {
        OpsAnswer answer = hub.ops("/ops/audit?action=" + action + "&targetId=" + targetId + "&size=1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("items")).as("audit entries of " + action + " on " + targetId).isNotEmpty();
        return answer.body().path("items").get(0);
    }
}
