package io.channelhub.chaos;

import io.channelhub.simulator.EbaySimulator;
import io.channelhub.simulator.FaultyWebhookDelivery;
import io.channelhub.simulator.FaultyWebhookDelivery.Faults;
import io.channelhub.simulator.FaultyWebhookDelivery.Webhook;
import io.channelhub.simulator.OrderSourceSimulator;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.simulator.StockSimulator;
import io.channelhub.simulator.WooCommerceSimulator;
import io.channelhub.support.HubClient;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The marketplaces' side of the flash sale. Buyers place orders in waves on three marketplaces: Shopify and WooCommerce
 * send a webhook per change (through {@link FaultyWebhookDelivery}: dropped, duplicated, reordered, some late), eBay
 * sends none (the hub learns of its orders by reconciliation only). Each order is placed (OPEN), paid, then mostly
 * shipped or cancelled, each change a second after the one before; the simulators hold the latest state, the truth
 * the hub must end up with. Half the orders want a unit or two of a hot SKU, but a marketplace sells a hot SKU only as
 * far as the quantity it advertises at the start of a wave allows: an oversell can only come from marketplaces selling
 * concurrently what the hub has not yet taken off their listings. A sender posts each webhook until it is answered
 * 2xx, as marketplaces retry, and records which ones were acknowledged.
 */
final class FlashSale {

    static final List<String> HOT_SKUS = List.of("FLASH-1", "FLASH-2", "FLASH-3", "FLASH-4");
    static final List<String> CONNECTORS = List.of("shopify", "woo", "ebay");
    static final Set<String> WEBHOOK_CONNECTORS = Set.of("shopify", "woo");
    private static final int COLD_SKUS = 40;
    private static final int SENDERS_PER_CONNECTOR = 6;
    private static final Faults DELIVERY_FAULTS = new Faults(0.05, 0.10, 0.10, 0.02, 2026_11_22L);

    private final HubClient hub;
    private final Map<String, OrderSourceSimulator> orderSources = new LinkedHashMap<>();
    private final Map<String, StockSimulator> stockSources = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, String>>> listings = new LinkedHashMap<>();
    private final ShopifySimulator shopify;
    private final WooCommerceSimulator woo;
    private final Random random = new Random(20261122L);
    private final int totalEvents;
    private final int ratePerSecond;
    private final int waveOrders;

    // what happened, per connector
    final Map<String, AtomicInteger> generated = counters();
    final Map<String, AtomicInteger> sent = counters();
    final Map<String, AtomicInteger> duplicates = counters();
    final Map<String, AtomicInteger> dropped = counters();
    /** Every acknowledged webhook, as connector/order@version-epoch-second. */
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Answers other than 2xx, by status (0: no answer at all, e.g. the hub was down). */
    final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
    /** Webhooks answered 4xx other than 429: never acknowledged, must stay zero. */
    final AtomicInteger rejected = new AtomicInteger();
    /** Hot-SKU sales a marketplace declined because its listing showed too little: the hub's pushes at work. */
    final Map<String, AtomicInteger> declined = counters();
    final AtomicLong plannedSends = new AtomicLong();
    final AtomicLong answeredSends = new AtomicLong();

    /**
     * @param totalEvents   order changes to make in all
     * @param ratePerSecond order changes a second the buyers make at most (0: as fast as the hub acknowledges)
     */
    FlashSale(HubClient hub, ShopifySimulator shopify, WooCommerceSimulator woo, EbaySimulator ebay, int totalEvents,
            int ratePerSecond) {
        this.hub = hub;
        this.shopify = shopify;
        this.woo = woo;
        this.totalEvents = totalEvents;
        this.ratePerSecond = ratePerSecond;
        this.waveOrders = Math.max(30, Math.min(600, totalEvents / 100));
        orderSources.put("shopify", shopify);
        orderSources.put("woo", woo);
        orderSources.put("ebay", ebay);
        stockSources.put("shopify", shopify);
        stockSources.put("woo", woo);
        stockSources.put("ebay", ebay);
    }

    /** Units of each hot SKU in stock when the sale opens: a fraction of what the buyers would like to take. */
    int initialStock() {
        return Math.max(20, totalEvents / 40);
    }

    /** Creates a listing of every hot SKU on every marketplace; returns connector to SKU to listing ids. */
    Map<String, Map<String, Map<String, String>>> createListings() {
        stockSources.forEach((connector, marketplace) -> {
            Map<String, Map<String, String>> ofConnector = new LinkedHashMap<>();
            HOT_SKUS.forEach(sku -> ofConnector.put(sku, marketplace.createListing(sku, 0)));
            listings.put(connector, ofConnector);
        });
        return listings;
    }

    Integer advertised(String connector, String sku) {
        return stockSources.get(connector).advertisedQuantity(listings.get(connector).get(sku));
    }

    /** The truth: every order of the three marketplaces as they hold it now. */
    Map<String, Map<String, SimulatedOrder>> truth() {
        Map<String, Map<String, SimulatedOrder>> truth = new LinkedHashMap<>();
        orderSources.forEach((connector, marketplace) -> {
            Map<String, SimulatedOrder> orders = new HashMap<>();
            marketplace.orders().forEach(order -> orders.put(order.orderId(), order));
            truth.put(connector, orders);
        });
        return truth;
    }

    List<DialableMarketplace> marketplaces() {
        return orderSources.values().stream().map(DialableMarketplace::new).toList();
    }

    /** The share of the sale's order changes placed so far (0..1). */
    double progress() {
        return generated.values().stream().mapToInt(AtomicInteger::get).sum() / (double) totalEvents;
    }

    /** Runs the sale until {@code totalEvents} order changes happened; returns when every sent webhook is answered 2xx. */
    void run() throws InterruptedException {
        long opened = System.nanoTime();
        int events = 0;
        while (events < totalEvents) {
            if (ratePerSecond > 0) {
                long due = opened + events * 1_000_000_000L / ratePerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            Map<String, List<Webhook>> wave = new LinkedHashMap<>();
            WEBHOOK_CONNECTORS.forEach(connector -> wave.put(connector, new ArrayList<>()));
            Map<String, Map<String, Integer>> budgets = budgets();
            for (int i = 0; i < waveOrders && events < totalEvents; i++) {
                String connector = CONNECTORS.get(random.nextInt(CONNECTORS.size()));
                events += place(connector, budgets.get(connector), wave.get(connector));
            }
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            wave.forEach((connector, webhooks) -> {
                plannedSends.addAndGet(webhooks.size());
                deliveries.add(CompletableFuture.runAsync(() -> deliver(connector, webhooks)));
            });
            deliveries.forEach(CompletableFuture::join);
        }
    }

    /** Sends one signed webhook until the hub acknowledges it; false when it refused it for good (4xx). */
    boolean sendUntilAcknowledged(String connector, byte[] body, Map<String, String> headers) {
        long backoff = 100;
        while (true) {
            int status;
            try {
                status = hub.post(connector, body, headers).statusCode();
            } catch (RuntimeException noAnswer) {
                status = 0;
            }
            if (status / 100 == 2) {
                return true;
            }
            refusals.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status / 100 == 4 && status != 429) {
                rejected.incrementAndGet();
                return false;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            backoff = Math.min(backoff * 2, 2_000);
        }
    }

    private void deliver(String connector, List<Webhook> webhooks) {
        FaultyWebhookDelivery.Report report = FaultyWebhookDelivery.deliver(webhooks, DELIVERY_FAULTS, webhook -> {
            boolean ok = sendUntilAcknowledged(connector, webhook.body(), webhook.headers());
            answeredSends.incrementAndGet();
            if (ok) {
                acknowledged.add(key(connector, webhook.orderId(), webhook.version()));
            }
            return ok ? 200 : 400;
        }, SENDERS_PER_CONNECTOR);
        sent.get(connector).addAndGet(report.sentEvents().size());
        duplicates.get(connector).addAndGet(report.duplicates());
        dropped.get(connector).addAndGet(report.dropped().size());
        plannedSends.addAndGet(-report.dropped().size());
    }

    static String key(String connector, String orderId, Instant version) {
        return connector + "/" + orderId + "@" + version.getEpochSecond();
    }

    /** What each marketplace is willing to sell of each hot SKU in this wave: what it advertises now. */
    private Map<String, Map<String, Integer>> budgets() {
        Map<String, Map<String, Integer>> budgets = new HashMap<>();
        for (String connector : CONNECTORS) {
            Map<String, Integer> ofConnector = new HashMap<>();
            for (String sku : HOT_SKUS) {
                Integer shown = advertised(connector, sku);
                ofConnector.put(sku, shown == null ? 0 : shown);
            }
            budgets.put(connector, ofConnector);
        }
        return budgets;
    }

    /** Places one order with all its changes on the marketplace; returns how many changes that made. */
    private int place(String connector, Map<String, Integer> budget, List<Webhook> webhooks) {
        String orderId = Long.toString(OrderIds.next());
        List<SimulatedOrder.Line> lines = new ArrayList<>();
        lines.add(new SimulatedOrder.Line("COLD-" + random.nextInt(COLD_SKUS), 1 + random.nextInt(3), new BigDecimal("9.90")));
        if (random.nextBoolean()) {
            String sku = HOT_SKUS.get(random.nextInt(HOT_SKUS.size()));
            int quantity = 1 + random.nextInt(2);
            if (budget.get(sku) >= quantity) {
                budget.merge(sku, -quantity, Integer::sum);
                lines.add(new SimulatedOrder.Line(sku, quantity, new BigDecimal("49.00")));
            } else {
                declined.get(connector).incrementAndGet();
            }
        }
        Instant placed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SimulatedOrder open = new SimulatedOrder(orderId, "OPEN", lines, placed, placed);
        List<SimulatedOrder> versions = new ArrayList<>(List.of(open, open.changed("PAID", placed.plusSeconds(1))));
        double fate = random.nextDouble();
        if (fate < 0.55) {
            versions.add(versions.get(1).changed("FULFILLED", placed.plusSeconds(2)));
        } else if (fate < 0.80) {
            versions.add(versions.get(1).changed("CANCELLED", placed.plusSeconds(2)));
        }
        OrderSourceSimulator marketplace = orderSources.get(connector);
        for (SimulatedOrder version : versions) {
            marketplace.upsertOrder(version);
            if (webhooks != null) {
                webhooks.add(webhook(connector, version));
            }
        }
        generated.get(connector).addAndGet(versions.size());
        return versions.size();
    }

    private Webhook webhook(String connector, SimulatedOrder version) {
        if ("shopify".equals(connector)) {
            ShopifyWebhook webhook = shopify.webhook(version, "evt-" + version.orderId() + "-" + version.updatedAt().getEpochSecond());
            return new Webhook(version.orderId(), version.updatedAt(), webhook.body(), webhook.headers(TestHubSettings.SECRET));
        }
        byte[] body = woo.webhookBody(version.orderId());
        String topic = version.createdAt().equals(version.updatedAt()) ? "order.created" : "order.updated";
        return new Webhook(version.orderId(), version.updatedAt(), body, woo.webhookHeaders(body, topic, TestHubSettings.WOO_SECRET));
    }

    /** A poison event: signed and acknowledged, but its body cannot be normalised (no usable updated_at). */
    static byte[] poisonBody(long orderId) {
        return ("{\"id\":" + orderId + ",\"updated_at\":\"during the sale\",\"line_items\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, AtomicInteger> counters() {
        Map<String, AtomicInteger> counters = new LinkedHashMap<>();
        CONNECTORS.forEach(connector -> counters.put(connector, new AtomicInteger()));
        return counters;
    }

    /** A marketplace whose APIs the timeline makes answer 5xx and 429 part of the time. */
    record DialableMarketplace(OrderSourceSimulator simulator) {

        void degrade(double serverErrors, double rateLimits) {
            simulator.faults().serverErrors(serverErrors).rateLimits(rateLimits);
        }

        int injected() {
            return simulator.faults().injectedServerErrors() + simulator.faults().injectedRateLimits();
        }

        void heal() {
            simulator.heal();
        }
    }
}
