package io.channelhub.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.chaos.ChaosLedger.SkuLedger;
import io.channelhub.kafka.EmbeddedKafkaBroker;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.FreePort;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubProcess;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.ListingIds;
import io.channelhub.support.OrderIds;
import io.channelhub.support.SeverableTcpProxy;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import io.channelhub.support.TestPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The flash sale of issue 9: {@code -Dchaos.events=N} order changes (default 100,000) on Shopify and WooCommerce
 * (webhooks) and eBay (reconciliation only), against the hub as a separate process on PostgreSQL (through a proxy the
 * test can cut) and a Kafka broker in this JVM. While the sale runs: the hub is killed with SIGKILL and restarted
 * twice, the broker restarted once, the database unreachable for 10 s, the marketplaces' APIs answer 5xx and 429
 * part of the time, and a handful of poison events arrive. Then it waits for the hub to catch up, prints the ledger
 * and checks each invariant against the database, the simulators and the ops API (docs/benchmarks.md, "Chaos suite").
 */
@Tag("chaos")
class FlashSaleChaosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = Integer.getInteger("chaos.events", 100_000);
    /** Order changes a second at most; 0 lets buyers go as fast as the hub acknowledges (it then falls behind). */
    private static final int RATE = Integer.getInteger("chaos.rate", 200);
    private static final int POISON_EVENTS = 5;
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(10);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(5);
    /** Units the test hub keeps back per marketplace (TestHubSettings: one on Shopify). */
    private static final Map<String, Integer> BUFFER = Map.of("shopify", 1, "woo", 0, "ebay", 0);

    private final List<String> timeline = new ArrayList<>();
    private final long started = System.nanoTime();
    private EmbeddedKafkaBroker broker;

    @Test
    void aFlashSaleThroughKillsOutagesAndFaultyMarketplacesBalancesTheLedger() throws Exception {
        // not a @TempDir: the hub's logs (hub-<n>.log, one per start) stay for whoever reads a failed run
        Path dataDir = Files.createDirectories(Path.of("target", "chaos", "run-" + System.currentTimeMillis()));
        JdbcLogin database = TestPostgres.freshSchema();
        URI server = URI.create(database.url().substring("jdbc:".length()));
        int kafkaPort = FreePort.next();
        int controllerPort = FreePort.next();
        Path kafkaLog = dataDir.resolve("broker");
        broker = EmbeddedKafkaBroker.start(kafkaLog, kafkaPort, controllerPort);
        try (SeverableTcpProxy databaseLink = SeverableTcpProxy.to(server.getHost(), server.getPort());
             HubProcess hubProcess = new HubProcess(dataDir, hubSettings(dataDir, database, databaseLink, kafkaPort))) {
            hubProcess.start();
            HubClient hub = hubProcess.client();
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            FlashSale sale = new FlashSale(hub, Simulators.shopify(), Simulators.woocommerce(), Simulators.ebay(), EVENTS, RATE);
            openTheSale(hub, sale);
            note("sale opens: %d order changes at up to %d a second, %d units of each of %s; hub data and logs in %s", EVENTS,
                    RATE, sale.initialStock(), FlashSale.HOT_SKUS, dataDir.toAbsolutePath());

            Map<String, Long> poison = new LinkedHashMap<>();
            CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> {
                try {
                    chaos(hubProcess, databaseLink, kafkaLog, kafkaPort, controllerPort, sale, poison);
                } catch (Exception e) {
                    throw new IllegalStateException("the chaos timeline failed", e);
                }
            });
            sale.run();
            note("sale closed: every webhook sent was answered 2xx");
            chaos.join();

            Map<String, Map<String, SimulatedOrder>> truth = sale.truth();
            ChaosLedger ledger = new ChaosLedger(jdbc, truth);
            // each wait ends with a note when it times out; the ledger is printed and checked all the same
            waitFor("the store to equal the marketplaces", Duration.ofMinutes(15), Duration.ofSeconds(5), () -> {
                Map<String, Integer> behind = new TreeMap<>();
                ledger.differences().forEach((connector, different) -> behind.put(connector, different.size()));
                System.out.printf("[chaos] %s waiting for the store to equal the marketplaces: %s orders differ%n",
                        elapsed(), behind);
                return behind.values().stream().allMatch(count -> count == 0);
            });
            List<FlashSale.DialableMarketplace> marketplaces = sale.marketplaces();
            int injected = marketplaces.stream().mapToInt(FlashSale.DialableMarketplace::injected).sum();
            marketplaces.forEach(FlashSale.DialableMarketplace::heal);
            note("marketplace APIs healthy again (%d answers were 503 or 429)", injected);
            waitFor("a dead letter for each poison event", Duration.ofMinutes(2), Duration.ofSeconds(1),
                    () -> ledger.deadLetters().size() >= poison.size());
            Map<String, byte[]> deadLettersBeforeReplay = ledger.deadLetters();
            Map<String, Integer> replayedOnce = fixAndReplay(hub, ledger, poison);
            waitFor("every marketplace to advertise policy(available)", Duration.ofMinutes(3), Duration.ofSeconds(2),
                    () -> advertisedMismatches(hub, sale).isEmpty());
            // no consumer left stuck (e.g. after the broker restart): every connector's queue drains, as ops sees it
            boolean drained = waitFor("every connector's queue depth (consumer lag) to be 0", Duration.ofMinutes(2),
                    Duration.ofSeconds(1), () -> FlashSale.CONNECTORS.stream().allMatch(c -> queueDepth(hub, c) == 0));

            printAndCheck(hub, sale, ledger, truth, poison, deadLettersBeforeReplay, replayedOnce, databaseLink, drained);
        } finally {
            broker.close();
            TestPostgres.drop(database);
            // the broker's log is most of the size; the hub's logs stay
            FileSystemUtils.deleteRecursively(kafkaLog);
        }
    }

    private static Map<String, String> hubSettings(Path dataDir, JdbcLogin database, SeverableTcpProxy databaseLink,
            int kafkaPort) {
        Map<String, String> settings = new LinkedHashMap<>(TestHubSettings.forDataDir(dataDir));
        URI server = URI.create(database.url().substring("jdbc:".length()));
        JdbcLogin proxied = new JdbcLogin(database.url().replace("//" + server.getHost() + ":" + server.getPort() + "/",
                "//127.0.0.1:" + databaseLink.port() + "/"), database.username(), database.password(), database.schema())
                // as the postgres profile: a held row lock fails after 5 s and the event is retried
                .withParameter("options", "-c%20lock_timeout=5000");
        settings.putAll(proxied.springProperties());
        settings.put("hub.kafka.bootstrap-servers", "127.0.0.1:" + kafkaPort);
        // production's redelivery (0.2 s doubling to 10 s, 6 times): a 10 s outage must not dead-letter anything
        settings.put("hub.processing.retry.initial-delay-ms", "200");
        settings.put("hub.processing.retry.max-delay-ms", "10000");
        // reconciliation on a short schedule with a short overlap, for the connectors of the sale only
        settings.put("hub.reconcile.schedule", "0/20 * * * * ?");
        settings.put("hub.reconcile.overlap", "1m");
        for (String connector : FlashSale.CONNECTORS) {
            settings.put("hub.reconcile.connectors." + connector + ".enabled", "true");
        }
        return settings;
    }

    private void openTheSale(HubClient hub, FlashSale sale) {
        for (String sku : FlashSale.HOT_SKUS) {
            assertThat(hub.opsPut("/ops/inventory/" + sku, "application/json", "{\"onHand\": " + sale.initialStock() + "}")
                    .status()).isEqualTo(200);
        }
        sale.createListings().forEach((connector, ofConnector) -> ofConnector.forEach((sku, ids) ->
                assertThat(hub.opsPut("/ops/listings/" + connector + "/" + sku, "application/json", ListingIds.json(ids))
                        .status()).isEqualTo(200)));
        await().atMost(Duration.ofMinutes(1)).until(() -> advertisedMismatches(hub, sale).isEmpty());
    }

    /** The faults, at points of the sale's progress (share of order changes generated). */
    private void chaos(HubProcess hubProcess, SeverableTcpProxy databaseLink, Path kafkaLog, int kafkaPort,
            int controllerPort, FlashSale sale, Map<String, Long> poison) throws Exception {
        List<FlashSale.DialableMarketplace> marketplaces = sale.marketplaces();
        double[] poisonAt = {0.10, 0.35, 0.50, 0.65, 0.85};
        int nextPoison = 0;
        String[] steps = {"kill-1", "marketplaces-degrade", "broker-restart", "database-outage", "kill-2"};
        double[] stepAt = {0.15, 0.20, 0.30, 0.45, 0.60};
        int nextStep = 0;
        while (nextStep < steps.length || nextPoison < POISON_EVENTS) {
            double progress = sale.progress();
            if (nextPoison < POISON_EVENTS && progress >= poisonAt[nextPoison]) {
                long orderId = OrderIds.next();
                String eventId = "evt-poison-" + orderId;
                ShopifyWebhook webhook = ShopifyWebhook.raw("orders/updated", eventId, FlashSale.poisonBody(orderId));
                assertThat(sale.sendUntilAcknowledged("shopify", webhook.body(), webhook.headers(TestHubSettings.SECRET)))
                        .as("a signed poison event is acknowledged").isTrue();
                poison.put(eventId, orderId);
                note("poison event %s acknowledged", eventId);
                nextPoison++;
            } else if (nextStep < steps.length && progress >= stepAt[nextStep]) {
                switch (steps[nextStep]) {
                    case "kill-1", "kill-2" -> {
                        hubProcess.kill();
                        note("hub killed with SIGKILL");
                        hubProcess.start();
                        note("hub restarted and healthy");
                    }
                    case "marketplaces-degrade" -> {
                        marketplaces.forEach(m -> m.degrade(0.10, 0.10));
                        note("marketplace APIs answer 10 %% 503 and 10 %% 429");
                    }
                    case "broker-restart" -> {
                        broker.close();
                        note("Kafka broker stopped");
                        Thread.sleep(BROKER_DOWN.toMillis());
                        broker = EmbeddedKafkaBroker.start(kafkaLog, kafkaPort, controllerPort);
                        note("Kafka broker started again");
                    }
                    case "database-outage" -> {
                        int cut = databaseLink.sever(DATABASE_OUTAGE);
                        note("database unreachable for %d s (%d connections cut)", DATABASE_OUTAGE.toSeconds(), cut);
                        Thread.sleep(DATABASE_OUTAGE.toMillis());
                        note("database reachable again (%d connections refused meanwhile)", databaseLink.refusedConnections());
                    }
                    default -> throw new IllegalStateException(steps[nextStep]);
                }
                nextStep++;
            } else {
                Thread.sleep(200);
            }
        }
    }

    /** Waits until the condition holds; notes when it did, or that it did not within the time (and returns false). */
    private boolean waitFor(String what, Duration atMost, Duration every, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(every).until(condition);
            note("done waiting for %s", what);
            return true;
        } catch (ConditionTimeoutException timedOut) {
            note("GAVE UP waiting for %s after %s", what, atMost);
            return false;
        }
    }

    private Map<String, Integer> fixAndReplay(HubClient hub, ChaosLedger ledger, Map<String, Long> poison) throws Exception {
        Map<String, Long> letters = new LinkedHashMap<>();
        for (JsonNode letter : hub.ops("/ops/dead-letters?status=NEW&size=500").body().path("items")) {
            letters.put(letter.path("eventId").asText(), letter.path("id").asLong());
        }
        for (Map.Entry<String, Long> each : poison.entrySet()) {
            Long letter = letters.get(each.getKey());
            if (letter == null) {
                continue;
            }
            String fixed = new String(ShopifyWebhook.order("orders/updated", each.getKey(), each.getValue(), Instant.now(),
                    "paid", "COLD-0", 1).body(), StandardCharsets.UTF_8);
            assertThat(hub.opsPost("/ops/dead-letters/" + letter + "/replay", JSON.writeValueAsString(Map.of("payload", fixed)))
                    .status()).isEqualTo(202);
        }
        waitFor("each replayed letter to be resolved", Duration.ofMinutes(2), Duration.ofSeconds(1), () -> letters.values()
                .stream().allMatch(id -> "RESOLVED".equals(hub.ops("/ops/dead-letters/" + id).body().path("status").asText())));
        // a replay applied twice would show a second row after a while
        Thread.sleep(3_000);
        Map<String, Integer> applied = new TreeMap<>();
        poison.keySet().forEach(eventId -> applied.put(eventId, ledger.logRows("shopify", eventId)));
        return applied;
    }

    /** Listings whose marketplace shows another quantity than the policy of the ledger's available units. */
    private static List<String> advertisedMismatches(HubClient hub, FlashSale sale) {
        List<String> mismatches = new ArrayList<>();
        for (String sku : FlashSale.HOT_SKUS) {
            int available = hub.ops("/ops/inventory/" + sku).body().path("available").asInt();
            for (String connector : FlashSale.CONNECTORS) {
                int expected = Math.max(0, available - BUFFER.get(connector));
                Integer shown = sale.advertised(connector, sku);
                if (shown == null || shown != expected) {
                    mismatches.add(connector + "/" + sku + " shows " + shown + ", policy(" + available + ") = " + expected);
                }
            }
        }
        return mismatches;
    }

    private void printAndCheck(HubClient hub, FlashSale sale, ChaosLedger ledger, Map<String, Map<String, SimulatedOrder>> truth,
            Map<String, Long> poison, Map<String, byte[]> deadLetters, Map<String, Integer> replayedOnce,
            SeverableTcpProxy databaseLink, boolean drained) {
        Map<String, Integer> found = ledger.foundByReconciliation();
        Map<String, Map<String, Integer>> eventLog = ledger.eventLog();
        StringBuilder out = new StringBuilder("\n===== flash-sale chaos ledger (" + EVENTS + " order changes, "
                + elapsed() + ") =====\n");
        timeline.forEach(line -> out.append("  ").append(line).append('\n'));
        out.append(String.format("%-8s %9s %9s %9s %9s %9s %9s %9s %9s %12s%n", "connector", "generated", "sent", "dupes",
                "dropped", "acked", "orders", "stored", "unacked", "reconciled"));
        for (String connector : FlashSale.CONNECTORS) {
            long acked = sale.acknowledged.stream().filter(k -> k.startsWith(connector + "/")).count();
            out.append(String.format("%-8s %9d %9d %9d %9d %9d %9d %9d %9d %12d%n", connector, sale.generated.get(connector).get(),
                    sale.sent.get(connector).get(), sale.duplicates.get(connector).get(), sale.dropped.get(connector).get(),
                    acked, truth.get(connector).size(), ledger.storedOrderCount(connector),
                    latestNeverAcknowledged(sale, truth, connector), found.getOrDefault(connector, 0)));
            out.append("         event log: ").append(eventLog.getOrDefault(connector, Map.of())).append('\n');
        }
        out.append("  generated: order changes on the marketplace; sent: distinct webhooks sent (dupes: second sends; dropped: never\n"
                + "  sent); acked: distinct webhooks answered 2xx; orders: the marketplace's; stored: the hub's (Shopify: with the\n"
                + "  poison orders); unacked: orders whose latest change no acknowledged webhook carried; reconciled: orders that\n"
                + "  reconciliation created or updated\n");
        out.append("hot-SKU sales the marketplaces declined (their listing showed too little): ").append(sale.declined).append('\n');
        out.append("answers other than 2xx the senders retried (0 = no answer): ").append(new TreeMap<>(sale.refusals))
                .append('\n');
        out.append("dead letters before replay: ").append(deadLetters.keySet()).append('\n');
        out.append("poison events replayed, event log rows each: ").append(replayedOnce).append('\n');
        out.append(String.format("%-8s %7s %9s %9s %8s %7s %8s %9s %11s %9s  advertised (policy)%n", "sku", "stock",
                "sold-ever", "sold-kept", "covered", "held", "shipped", "oversold", "unavoidable", "available"));
        List<SkuLedger> skus = new ArrayList<>();
        for (String sku : FlashSale.HOT_SKUS) {
            SkuLedger row = ledger.sku(sku, sale.initialStock());
            skus.add(row);
            StringBuilder shown = new StringBuilder();
            FlashSale.CONNECTORS.forEach(connector -> shown.append(connector).append('=').append(sale.advertised(connector, sku))
                    .append('(').append(Math.max(0, row.available() - BUFFER.get(connector))).append(") "));
            out.append(String.format("%-8s %7d %9d %9d %8d %7d %8d %9d %11d %9d  %s%n", sku, row.initial(), row.soldEver(),
                    row.soldKept(), row.covered(), row.held(), row.shipped(), row.oversold(), row.unavoidable(),
                    row.available(), shown));
        }
        out.append("  stock: units before the sale; sold-ever/sold-kept: units the marketplaces sold, with/without cancelled orders;\n"
                + "  covered: held + shipped from stock; oversold: short on orders not cancelled; unavoidable: sold-ever - stock\n");
        Map<String, Integer> oversoldUntracked = ledger.oversoldOutside(FlashSale.HOT_SKUS);
        out.append("oversold units on SKUs without stock tracking (cold SKUs): ").append(oversoldUntracked.values().stream()
                .mapToInt(Integer::intValue).sum()).append(" on ").append(oversoldUntracked.size()).append(" SKUs\n");
        out.append("==========\n");
        System.out.print(out);

        SoftAssertions invariants = new SoftAssertions();
        invariants.assertThat(sale.rejected.get()).as("webhooks refused with 4xx").isZero();
        invariants.assertThat(firstTen(ledger.acknowledgedButNotApplied(sale.acknowledged)))
                .as("every webhook acknowledged 2xx is applied").isEmpty();
        invariants.assertThat(firstTen(ledger.eventsLoggedTwice())).as("no event applied twice").isEmpty();
        invariants.assertThat(firstTen(ledger.revisionsNotMatchingChanges()))
                .as("each order's revision counts the changes applied to it").isEmpty();
        invariants.assertThat(firstTen(ledger.staleOverwrites())).as("no stale overwrite").isEmpty();
        Map<String, List<String>> differences = ledger.differences();
        differences.get("shopify").removeIf(line -> poison.values().stream().anyMatch(id -> line.startsWith(id + " ")));
        differences.forEach((connector, different) -> invariants.assertThat(firstTen(different))
                .as("order store = %s's orders (%d differ)", connector, different.size()).isEmpty());
        for (String connector : FlashSale.WEBHOOK_CONNECTORS) {
            invariants.assertThat(sale.dropped.get(connector).get()).as("%s dropped webhooks", connector).isPositive();
            invariants.assertThat(sale.duplicates.get(connector).get()).as("%s duplicated webhooks", connector).isPositive();
        }
        for (String connector : FlashSale.WEBHOOK_CONNECTORS) {
            invariants.assertThat(found.getOrDefault(connector, 0))
                    .as("%s: orders whose latest change was never acknowledged are found by reconciliation", connector)
                    .isGreaterThanOrEqualTo((int) latestNeverAcknowledged(sale, truth, connector));
        }
        invariants.assertThat(found.getOrDefault("ebay", 0)).as("every eBay order is found by reconciliation")
                .isEqualTo(truth.get("ebay").size());
        for (SkuLedger row : skus) {
            invariants.assertThat(row.covered() + row.oversold()).as("%s: every unit of an order not cancelled is held, shipped "
                    + "or flagged oversold", row.sku()).isEqualTo(row.soldKept());
            invariants.assertThat(row.covered()).as("%s: never more units promised than in stock", row.sku())
                    .isLessThanOrEqualTo(row.initial());
            invariants.assertThat(row.onHand()).as("%s: on hand = stock - shipped", row.sku()).isEqualTo(row.initial() - row.shipped());
            invariants.assertThat(row.reserved()).as("%s: reserved = held", row.sku()).isEqualTo(row.held());
            invariants.assertThat(row.available()).as("%s: available", row.sku()).isGreaterThanOrEqualTo(0);
            invariants.assertThat(row.oversold()).as("%s: oversold only what the marketplaces sold beyond the stock", row.sku())
                    .isLessThanOrEqualTo(row.unavoidable());
        }
        invariants.assertThat(oversoldUntracked).as("nothing oversold on SKUs the ledger has no stock of").isEmpty();
        invariants.assertThat(deadLetters.keySet()).as("dead letters = exactly the poison events")
                .containsExactlyInAnyOrderElementsOf(poison.keySet().stream().map(id -> "shopify/" + id).toList());
        poison.forEach((eventId, orderId) -> {
            invariants.assertThat(deadLetters.get("shopify/" + eventId)).as("%s keeps the bytes received", eventId)
                    .isEqualTo(FlashSale.poisonBody(orderId));
            invariants.assertThat(replayedOnce.get(eventId)).as("%s applied once after the fix", eventId).isEqualTo(1);
            invariants.assertThat(hub.ops("/ops/orders/shopify/" + orderId).body().path("status").asText())
                    .as("%s's order", eventId).isEqualTo("PAID");
        });
        invariants.assertThat(advertisedMismatches(hub, sale)).as("advertised = policy(available)").isEmpty();
        invariants.assertThat(drained).as("every connector's queue drained (no consumer stuck)").isTrue();
        invariants.assertThat(sale.marketplaces().stream().mapToInt(FlashSale.DialableMarketplace::injected).sum())
                .as("the marketplaces' APIs answered 5xx and 429").isPositive();
        invariants.assertThat(databaseLink.refusedConnections()).as("the hub tried the database during the outage").isPositive();
        invariants.assertAll();
    }

    /** At most the first ten of a list, and how many there were: a failure says what, without 10,000 lines. */
    private static List<String> firstTen(List<String> all) {
        if (all.size() <= 10) {
            return all;
        }
        List<String> first = new ArrayList<>(all.subList(0, 10));
        first.add("... " + (all.size() - 10) + " more");
        return first;
    }

    /** The connector's consumer lag as ops sees it; -1 when the hub cannot ask Kafka. */
    private static long queueDepth(HubClient hub, String connector) {
        JsonNode depth = hub.ops("/ops/connectors/" + connector).body().path("queueDepth");
        return depth.isNumber() ? depth.asLong() : -1;
    }

    private static long latestNeverAcknowledged(FlashSale sale, Map<String, Map<String, SimulatedOrder>> truth, String connector) {
        return truth.get(connector).values().stream()
                .filter(order -> !sale.acknowledged.contains(FlashSale.key(connector, order.orderId(), order.updatedAt())))
                .count();
    }

    private void note(String format, Object... args) {
        String line = elapsed() + " " + String.format(format, args);
        timeline.add(line);
        System.out.println("[chaos] " + line);
    }

    private String elapsed() {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }
}
