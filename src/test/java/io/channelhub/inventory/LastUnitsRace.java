package io.channelhub.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.HubClient;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandardWebhook;
import io.channelhub.support.TestHubSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A flash sale's last ten units: Shopify, WooCommerce and a Standard Webhooks sender each sell 20 units of one SKU at
 * once, through the hub's real pipeline (each connector's consumers apply in parallel). Exactly ten are reserved and
 * the other fifty sales flagged OVERSOLD (a shortfall of one each), never a negative or over-reserved ledger.
 */
final class LastUnitsRace {

    private LastUnitsRace() {
    }

    static void run(HubClient hub, JdbcTemplate jdbc) throws Exception {
        String sku = "HOT-" + OrderIds.next();
        assertThat(hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": 10}").status()).isEqualTo(200);
        WooCommerceSimulator woo = Simulators.woocommerce();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Runnable> sales = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long shopifyOrder = OrderIds.next();
            sales.add(() -> hub.send("shopify", ShopifyWebhook.order("orders/paid", "evt-" + shopifyOrder, shopifyOrder, at, "paid", sku, 1)));
            String genericOrder = "G-" + OrderIds.next();
            String body = StandardWebhook.order(genericOrder, "paid", sku, 1, at);
            sales.add(() -> hub.post("generic", body.getBytes(StandardCharsets.UTF_8),
                    StandardWebhook.headers(TestHubSettings.GENERIC_SECRET, "msg_" + genericOrder, Instant.now().getEpochSecond(), body)));
            String wooOrder = Long.toString(OrderIds.next());
            woo.upsertOrder(new SimulatedOrder(wooOrder, "PAID", List.of(new SimulatedOrder.Line(sku, 1, BigDecimal.TEN)), at, at));
            byte[] wooBody = woo.webhookBody(wooOrder);
            sales.add(() -> hub.post("woo", wooBody, woo.webhookHeaders(wooBody, "order.created", TestHubSettings.WOO_SECRET)));
        }
        ExecutorService buyers = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> sent = new ArrayList<>();
            sales.forEach(sale -> sent.add(buyers.submit(sale)));
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            buyers.shutdown();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM stock_reservations WHERE sku = ?", Long.class, sku) == 60);
        JsonNode level = hub.ops("/ops/inventory/" + sku).body();
        assertThat(level.path("onHand").asInt()).isEqualTo(10);
        assertThat(level.path("reserved").asInt()).isEqualTo(10);
        assertThat(level.path("available").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT SUM(held) FROM stock_reservations WHERE sku = ?", Long.class, sku)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stock_reservations WHERE sku = ? AND shortfall = 1 AND held = 0",
                Long.class, sku)).isEqualTo(50);
        long listed = 0;
        for (JsonNode line : hub.ops("/ops/inventory/oversold").body()) {
            listed += sku.equals(line.path("sku").asText()) ? 1 : 0;
        }
        assertThat(listed).isEqualTo(50);
    }
}
