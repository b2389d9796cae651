package io.channelhub.benchmark;

import io.channelhub.benchmark.BenchmarkReport.Memory;
import io.channelhub.benchmark.BenchmarkReport.Processing;
import io.channelhub.benchmark.BenchmarkReport.Reconciliation;
import io.channelhub.benchmark.BenchmarkReport.ServerLoad;
import io.channelhub.simulator.ShopifySimulator;
import io.channelhub.simulator.SimulatedOrder;
import io.channelhub.support.FreePort;
import io.channelhub.support.HubClient;
import io.channelhub.support.HubProcess;
import io.channelhub.support.JavaProcess;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.TestHubSettings;
import io.channelhub.support.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.springframework.util.FileSystemUtils;

/**
 * One benchmark run: each stage starts what it measures in processes of its own (the hub from the test classpath with
 * {@code -Xmx512m}, as {@link HubProcess} starts it; the bare server likewise), measures, and kills them. The hub runs
 * on its defaults (embedded broker, 6 inbound partitions, 3 consumers); only reconciliation's schedule and retention
 * are off, so that nothing fires in the middle of a measurement.
 */
final class Benchmark {

    private static final String CONNECTOR = "shopify";
    private static final String WEBHOOK_PATH = "/webhooks/" + CONNECTOR;
    private static final int INBOUND_PARTITIONS = 6;
    static final int MAX_HEAP_MB = 512; // as HubProcess starts the hub
    private static final int RECONCILE_PAGE_SIZE = 250;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    // processing that has applied nothing new for this long is not going to finish the backlog
    private static final Duration STALLED = Duration.ofSeconds(15);

    private final BenchmarkSettings settings;
    // order ids no earlier run of any hub used, in blocks per open-loop run
    private final AtomicLong nextOrderId = new AtomicLong(System.currentTimeMillis() * 1000);
    final List<String> notMeasured = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    Benchmark(BenchmarkSettings settings) {
        this.settings = settings;
    }

    /** Runs a stage; a stage that breaks is written down and the others still run. */
    <T> T stage(String name, StageBody<T> body) {
        if (!settings.stages().contains(name)) {
            return null;
        }
        log("stage " + name);
        try {
            return body.run();
        } catch (Exception | AssertionError broke) {
            failures.add(name + ": " + broke);
            broke.printStackTrace();
            return null;
        }
    }

    interface StageBody<T> {
        T run() throws Exception;
    }

    record HubIngest(ServerLoad load, KafkaProducerCeiling.Result kafka) {
    }

    /** The Kafka producer ceiling on the hub's broker, then ingest alone (the connector's processing paused). */
    HubIngest hubIngest() throws Exception {
        Path dataDir = Files.createTempDirectory("channel-hub-bench-ingest-");
        try (HubProcess hub = startHub(dataDir, defaultH2(dataDir), Map.of())) {
            log("raw Kafka producer, " + settings.kafkaRecords() + " records");
            KafkaProducerCeiling.Result kafka = KafkaProducerCeiling.measure(hub.kafkaPort(), INBOUND_PARTITIONS,
                    settings.kafkaRecords() / 10, settings.kafkaRecords());
            log("  " + Math.round(kafka.recordsPerSecond()) + " records/s");
            HubClient client = hub.client();
            pause(client);
            try (MemorySampler memory = new MemorySampler(hub, client);
                 OpenLoopLoad load = new OpenLoopLoad(hub.ingestPort(), settings.connections(), settings.timeout())) {
                ServerLoad result = underLoad("hub ingest", load, () -> memory.peak(dataDir));
                return new HubIngest(result, kafka);
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    /** The same generator against a Vert.x server that only reads the body and answers. */
    ServerLoad bareServer() throws Exception {
        Path dir = Files.createTempDirectory("channel-hub-bench-bare-");
        int port = FreePort.next();
        Process server = JavaProcess.start(List.of("-Xmx" + MAX_HEAP_MB + "m"), BareHttpServer.class,
                List.of(Integer.toString(port)), dir.resolve("bare.log").toFile());
        try {
            awaitListening(server, port);
            try (OpenLoopLoad load = new OpenLoopLoad(port, settings.connections(), settings.timeout())) {
                return underLoad("bare Vert.x server", load, () -> null);
            }
        } finally {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** Warm-up, the fixed rates, then steps up from the highest sustained one until a step is not sustained. */
    private ServerLoad underLoad(String server, OpenLoopLoad load, MemoryReading memory) throws Exception {
        LoadResult warmUp = warmUp(load, server, settings.warmUpRate(), settings.warmUpSeconds());
        List<LoadResult> fixed = new ArrayList<>();
        for (int rate : settings.rates()) {
            fixed.add(send(load, server + " at " + rate + "/s", rate, rate * (long) settings.seconds(), null));
        }
        Integer highestFixed = fixed.stream().filter(LoadResult::sustained).map(LoadResult::ratePerSecond)
                .max(Integer::compare).orElse(null);
        int ceiling = fixed.stream().filter(r -> !r.sustained() && (highestFixed == null || r.ratePerSecond() > highestFixed))
                .map(LoadResult::ratePerSecond).min(Integer::compare).orElse(settings.maxRate() + 1);
        List<LoadResult> search = new ArrayList<>();
        if (highestFixed != null) {
            for (int rate = nextStep(highestFixed); rate < ceiling && rate <= settings.maxRate(); rate = nextStep(rate)) {
                LoadResult step = send(load, server + " search " + rate + "/s", rate, rate * (long) settings.stepSeconds(), null);
                search.add(step);
                if (!step.sustained()) {
                    break;
                }
            }
        }
        List<LoadResult> all = new ArrayList<>(fixed);
        all.addAll(search);
        Integer maxSustained = all.stream().filter(LoadResult::sustained).map(LoadResult::ratePerSecond)
                .max(Integer::compare).orElse(null);
        boolean searchLimited = maxSustained != null
                && all.stream().noneMatch(run -> !run.sustained() && run.ratePerSecond() > maxSustained);
        double highestAchieved = all.stream().mapToDouble(LoadResult::achievedPerSecond).max().orElse(0);
        return new ServerLoad(server, warmUp, fixed, search, maxSustained, searchLimited, highestAchieved, memory.read());
    }

    /**
     * Discarded load: a cold JIT (and a hub that has only just said it is healthy) at the full rate would only build a
     * queue, so a quarter of the rate for the first half, then the rate. Returns the second half.
     */
    private LoadResult warmUp(OpenLoopLoad load, String server, int rate, int seconds) throws Exception {
        int half = Math.max(1, seconds / 2);
        int slow = Math.max(1, rate / 4);
        send(load, server + " warm-up, slow", slow, slow * (long) half, null);
        return send(load, server + " warm-up", rate, rate * (long) half, null);
    }

    private int nextStep(int rate) {
        int next = (int) Math.ceil(rate * settings.stepFactor() / 500.0) * 500;
        return Math.max(next, rate + 500);
    }

    /**
     * Processing on one database: a warm-up, end-to-end latency at a fixed rate, then a backlog built while the
     * connector's processing is paused and drained once it is resumed, then (on H2, when asked) a reconciliation run. The orders' {@code first_applied_at} are read from the database once the hub is killed.
     */
    Processing processing(String database, boolean reconcileToo, Reconciliation[] reconciliation) throws Exception {
        Path dataDir = Files.createTempDirectory("channel-hub-bench-" + database + "-");
        JdbcLogin login;
        if ("h2".equals(database)) {
            login = defaultH2(dataDir);
        } else {
            try {
                // the production profile's lock wait, as on H2's default URL
                login = TestPostgres.freshSchema().withParameter("options", "-c%20lock_timeout=5000");
            } catch (TestPostgres.Unavailable none) {
                notMeasured.add("processing on PostgreSQL: " + none.getMessage());
                return null;
            }
        }
        ShopifySimulator shop = reconcileToo ? ShopifySimulator.start() : null;
        Map<String, String> extra = new LinkedHashMap<>();
        if (shop != null) {
            extra.put("hub.connectors.shopify.options.api-base-url", shop.baseUrl());
            extra.put("hub.connectors.shopify.options.access-token", ShopifySimulator.ACCESS_TOKEN);
            extra.put("hub.connectors.shopify.options.api-version", "2026-07");
            extra.put("hub.connectors.shopify.options.page-size", Integer.toString(RECONCILE_PAGE_SIZE));
        }
        try (HubProcess hub = startHub(dataDir, login, extra)) {
            HubClient client = hub.client();
            try (MemorySampler memory = new MemorySampler(hub, client);
                 OpenLoopLoad load = new OpenLoopLoad(hub.ingestPort(), settings.connections(), settings.timeout())) {
                // warms ingest and processing up, then end to end at a fixed rate, with processing running
                long warmUpFirst = nextOrderId.get();
                warmUp(load, database, settings.e2eRate(), settings.warmUpSeconds());
                long sent = nextOrderId.get() - warmUpFirst;
                awaitApplied(client, "webhook", sent, settings.applyWait());
                long e2eFirst = nextOrderId.get();
                long[] scheduled = new long[settings.e2eRate() * settings.seconds()];
                LoadResult e2e = send(load, database + " end to end at " + settings.e2eRate() + "/s", settings.e2eRate(),
                        scheduled.length, scheduled);
                sent += e2e.sent();
                awaitApplied(client, "webhook", sent, settings.applyWait());

                pause(client);
                long backlogFirst = nextOrderId.get();
                LoadResult backlog = send(load, database + " backlog", settings.backlogRate(), settings.backlog(), null);
                sent += backlog.sent();
                log("resuming " + CONNECTOR + ": draining " + backlog.ok() + " events");
                Instant resumed = Instant.now();
                check(client.opsPost("/ops/connectors/" + CONNECTOR + "/resume"), "resume");
                awaitApplied(client, "webhook", sent, settings.applyWait());
                log("  drained in " + Duration.between(resumed, Instant.now()).toMillis() + " ms (from resume)");

                ReconcileRun reconcile = shop == null ? null : reconcile(client, shop);
                Memory peak = memory.peak(dataDir);
                hub.kill();

                Map<Long, Long> applied = firstApplied(login);
                Drain drain = drain(applied, backlogFirst, backlog.sent());
                Histogram endToEnd = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
                long e2eApplied = 0;
                for (int n = 0; n < scheduled.length; n++) {
                    Long at = applied.get(e2eFirst + n);
                    if (at != null) {
                        e2eApplied++;
                        endToEnd.recordValue(Math.min(endToEnd.getHighestTrackableValue(), Math.max(0, at - scheduled[n])));
                    }
                }
                if (reconcile != null) {
                    reconciliation[0] = reconcile.result(applied);
                }
                return new Processing(database, backlog, drain.applied, drain.seconds, drain.perSecond(), e2e, e2eApplied,
                        LoadResult.Latency.of(endToEnd), peak);
            }
        } finally {
            if (shop != null) {
                shop.close();
            }
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private record Drain(long applied, double seconds) {
        double perSecond() {
            return seconds <= 0 ? 0 : applied / seconds;
        }
    }

    private static Drain drain(Map<Long, Long> applied, long first, long count) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long found = 0;
        for (long id = first; id < first + count; id++) {
            Long at = applied.get(id);
            if (at != null) {
                found++;
                min = Math.min(min, at);
                max = Math.max(max, at);
            }
        }
        return new Drain(found, found < 2 ? 0 : (max - min) / 1e9);
    }

    private record ReconcileRun(long firstOrderId, int orders, long startedEpochNanos, double pollSeconds) {
        Reconciliation result(Map<Long, Long> applied) {
            long found = 0;
            long last = startedEpochNanos;
            for (long id = firstOrderId; id < firstOrderId + orders; id++) {
                Long at = applied.get(id);
                if (at != null) {
                    found++;
                    last = Math.max(last, at);
                }
            }
            double applySeconds = (last - startedEpochNanos) / 1e9;
            return new Reconciliation(orders, (orders + RECONCILE_PAGE_SIZE - 1) / RECONCILE_PAGE_SIZE, pollSeconds,
                    orders / pollSeconds, found, applySeconds, applySeconds <= 0 ? 0 : found / applySeconds);
        }
    }

    /** The shop lists orders the hub has never seen; one run polls them all into the pipeline. */
    private ReconcileRun reconcile(HubClient client, ShopifySimulator shop) {
        int orders = settings.reconcileOrders();
        long first = nextOrderId.getAndAdd(orders);
        Instant updated = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        for (int n = 0; n < orders; n++) {
            shop.upsertOrder(new SimulatedOrder(Long.toString(first + n), "PAID",
                    List.of(new SimulatedOrder.Line("BENCH-SKU-" + (n % 8 + 1), 1, new BigDecimal("19.95"))),
                    updated.minusSeconds(60), updated));
        }
        double before = client.metric("hub_event_processing_seconds_count", "connector=\"" + CONNECTOR + "\"",
                "source=\"reconcile\"");
        log("reconciling " + orders + " orders");
        long started = epochNanos();
        long t0 = System.nanoTime();
        check(client.opsPost("/ops/connectors/" + CONNECTOR + "/reconcile?since="
                + updated.minus(1, ChronoUnit.HOURS)), "reconcile");
        double pollSeconds = (System.nanoTime() - t0) / 1e9;
        awaitApplied(client, "reconcile", (long) before + orders, settings.applyWait());
        return new ReconcileRun(first, orders, started, pollSeconds);
    }

    private LoadResult send(OpenLoopLoad load, String name, int rate, long total, long[] scheduledEpochNanos)
            throws Exception {
        log(name + ": " + total + " requests");
        long first = nextOrderId.getAndAdd(total);
        SignedOrderWebhooks webhooks = new SignedOrderWebhooks(TestHubSettings.SECRET, first);
        LoadResult result = load.run(name, rate, total, new OpenLoopLoad.Requests() {
            @Override
            public OpenLoopLoad.Request request(long sequence) {
                ShopifyWebhook webhook = webhooks.webhook(sequence);
                return new OpenLoopLoad.Request(WEBHOOK_PATH, webhooks.headers(webhook), webhook.body());
            }

            @Override
            public void scheduled(long sequence, long epochNanos) {
                if (scheduledEpochNanos != null) {
                    scheduledEpochNanos[(int) sequence] = epochNanos;
                }
            }
        });
        log(String.format("  achieved %.0f/s, errors %d %s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, "
                        + "send lag p99 %.2f ms%s", result.achievedPerSecond(), result.errors(), result.errorKinds(),
                result.latency().p50Ms(), result.latency().p99Ms(), result.latency().p999Ms(), result.latency().maxMs(),
                result.sendLagP99Ms(), result.sustained() ? "" : "  NOT SUSTAINED"));
        Thread.sleep(SETTLE.toMillis());
        return result;
    }

    /**
     * Waits until the connector's events from {@code source} applied reach {@code count} (what was sent: a request that
     * timed out may still have been stored), or stop increasing, or {@code atMost} has passed: what is applied by then
     * is what the figures count.
     */
    private static void awaitApplied(HubClient client, String source, long count, Duration atMost) {
        double last = -1;
        long lastChange = System.nanoTime();
        long deadline = lastChange + atMost.toNanos();
        while (true) {
            double applied = client.metric("hub_event_processing_seconds_count", "connector=\"" + CONNECTOR + "\"",
                    "source=\"" + source + "\"");
            if (applied >= count) {
                return;
            }
            if (applied != last) {
                last = applied;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALLED.toNanos()) {
                log("  processing stalled at " + (long) applied + " of " + count + " " + source + " events");
                return;
            }
            if (System.nanoTime() > deadline) {
                log("  " + (long) applied + " of " + count + " " + source + " events applied after " + atMost.toSeconds()
                        + " s (bench.apply-wait-seconds): going on");
                return;
            }
            sleep(250);
        }
    }

    private HubProcess startHub(Path dataDir, JdbcLogin database, Map<String, String> extra) throws Exception {
        Map<String, String> hubSettings = new LinkedHashMap<>();
        hubSettings.put("hub.reconcile.enabled", "false");
        hubSettings.put("hub.retention.enabled", "false");
        hubSettings.putAll(extra);
        hubSettings.putAll(settings.hubSettings());
        HubProcess hub = new HubProcess(dataDir, database, hubSettings);
        long t0 = System.nanoTime();
        hub.start();
        log("hub started in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s (pid " + hub.pid() + ")");
        return hub;
    }

    /** The hub's default H2 database (application.yaml's URL) in the data directory. */
    private static JdbcLogin defaultH2(Path dataDir) {
        return new JdbcLogin("jdbc:h2:file:" + dataDir + "/db/channel-hub;LOCK_TIMEOUT=5000;WRITE_DELAY=0", "sa", "", null);
    }

    /** Pauses the connector's processing and waits until its route has stopped. */
    private static void pause(HubClient client) {
        check(client.opsPost("/ops/connectors/" + CONNECTOR + "/pause", "{\"reason\":\"benchmark\"}"), "pause");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"Stopped".equals(client.ops("/ops/connectors/" + CONNECTOR).body().path("processingRoute").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the connector's processing did not stop within 30 s of the pause");
            }
            sleep(100);
        }
    }

    private static void check(HubClient.OpsAnswer answer, String what) {
        if (answer.status() != 200) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
    }

    /** external_id → first_applied_at (epoch nanoseconds) of the connector's orders, once the hub is gone. */
    private static Map<Long, Long> firstApplied(JdbcLogin database) throws Exception {
        SQLException last = null;
        // H2 hands its file over a moment after the killed hub's lock stops being refreshed
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Connection connection = database.connect(); Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT external_id, first_applied_at FROM orders WHERE connector_id = '"
                         + CONNECTOR + "'")) {
                Map<Long, Long> applied = new HashMap<>();
                while (rows.next()) {
                    Instant at = rows.getObject(2, java.time.OffsetDateTime.class).toInstant();
                    applied.put(Long.parseLong(rows.getString(1)), at.getEpochSecond() * 1_000_000_000L + at.getNano());
                }
                return applied;
            } catch (SQLException locked) {
                last = locked;
                sleep(1000);
            }
        }
        throw last;
    }

    private static void awaitListening(Process server, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the bare server exited with " + server.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the bare server did not listen on " + port + " within 60 s");
    }

    interface MemoryReading {
        Memory read() throws IOException;
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static void log(String line) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
