package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.kafka.HubKafkaProperties;
import io.channelhub.kafka.HubTopics;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.HubClient;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.KafkaAdminProbe;
import io.channelhub.support.KafkaCluster;
import io.channelhub.support.LoadBalancer;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import io.channelhub.support.TestPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub instances behind a load balancer, one PostgreSQL database and a three-node Kafka cluster (replication 3,
 * min.insync.replicas 2). Signed webhooks for hundreds of orders, four versions each, arrive from several threads at
 * both instances in turn, from before the first failure to after the last; a webhook not answered 200 is sent again,
 * as a marketplace would. Mid-load instance A is stopped (the load balancer notices a health check later), then the
 * Kafka node coordinating the consumer group, which is later started again. At the end the database holds exactly
 * what was acknowledged: every order in its latest version, each event applied once, nothing dead-lettered. Both
 * instances applied events, B took over A's partitions, and the reconciliation schedule ran each fire once across
 * both.
 */
class FailoverTest {

    private static final Logger log = LoggerFactory.getLogger(FailoverTest.class);
    private static final String GROUP = "channel-hub";
    private static final int PARTITIONS = 6;
    private static final int SENDERS = 6;
    /** Orders each sender has under way at a time; one whose life ended is followed by a new one. */
    private static final int ORDERS_PER_SENDER = 20;
    /** Webhooks a second from all senders together. */
    private static final int RATE = 30;
    /** Webhooks acknowledged between one step of the test and the next: several seconds of load. */
    private static final int STEP = 200;
    /** How long a load balancer takes to notice that an instance went away. */
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    /** A marketplace waits a little before it sends a webhook again. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
    /** An order's life, a minute between steps, each step a new state. */
    private static final List<Version> LIFE = List.of(new Version("orders/create", "pending"),
            new Version("orders/updated", "authorized"), new Version("orders/paid", "paid"),
            new Version("orders/cancelled", "refunded"));

    private record Version(String topic, String financialStatus) {
    }

    /** The phases of the test, in order; a webhook counts in the phase its successful delivery started in. */
    private enum Phase {
        BOTH_INSTANCES, ONE_INSTANCE, ONE_BROKER_DOWN, ALL_BROKERS
    }

    @Test
    void noAcknowledgedEventIsLostOrAppliedTwiceWhenAnInstanceAndThenABrokerStopUnderLoad(@TempDir Path dir) throws Exception {
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"));
             KafkaAdminProbe probe = new KafkaAdminProbe(kafka.bootstrapServers())) {
            String[] settings = {"spring.datasource.url=" + postgres.url(), "spring.datasource.username=" + postgres.username(),
                    "spring.datasource.password=" + postgres.password(), "hub.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "hub.kafka.replication-factor=3", "hub.kafka.min-insync-replicas=2",
                    "hub.reconcile.connectors.shopify.enabled=true",
                    "hub.reconcile.connectors.shopify.schedule=0/2 * * * * ?"};
            Simulators.shopify().clearOrders();
            try (StandaloneHub a = StandaloneHub.start(dir.resolve("a"), settings);
                 StandaloneHub b = StandaloneHub.start(dir.resolve("b"), settings);
                 Marketplace shop = new Marketplace(new LoadBalancer(Map.of("a", a.client(), "b", b.client())))) {
                assertReadyForLoad(probe, a);
                stopAnInstanceAndABrokerUnderLoad(kafka, probe, a, b, shop,
                        new JdbcTemplate(postgres.dataSource()));
            }
        } finally {
            TestPostgres.drop(postgres);
        }
    }

    /** The hub's topics are replicated, and both instances' consumers share the connector's partitions. */
    private static void assertReadyForLoad(KafkaAdminProbe probe, StandaloneHub a) {
        assertEveryHubTopicReplicated(probe, a.bean(HubKafkaProperties.class).topicPrefix());
        String inbound = a.bean(HubTopics.class).inbound("shopify");
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(probe.owners(GROUP, inbound)) == PARTITIONS);
    }

    private static void stopAnInstanceAndABrokerUnderLoad(KafkaCluster kafka, KafkaAdminProbe probe, StandaloneHub a,
            StandaloneHub b, Marketplace shop, JdbcTemplate db) throws Exception {
        String inbound = a.bean(HubTopics.class).inbound("shopify");
        String schedulerA = schedulerId(a);
        String schedulerB = schedulerId(b);
        shop.start();

        shop.awaitAcknowledged(STEP);
        Map<Integer, String> ownersWithA = await().atMost(Duration.ofSeconds(30))
                .until(() -> probe.owners(GROUP, inbound), owners -> distinct(owners) == PARTITIONS);
        double appliedByA = applied(a);
        double appliedByB = applied(b);
        log.info("stopping instance A, {} webhooks acknowledged", shop.count());
        Instant aStopped = Instant.now();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(a::close);
        // the load balancer notices at its next health check: until then A still gets its share of the webhooks
        sleep(HEALTH_CHECK_INTERVAL.toNanos());
        shop.takeOut("a", Phase.ONE_INSTANCE);
        stopping.get(2, TimeUnit.MINUTES);
        Instant aClosed = Instant.now();
        // A's consumers left the group; B's, the same members as before, now hold every partition
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Integer, String> ownersWithoutA = probe.owners(GROUP, inbound);
            assertThat(ownersWithoutA).hasSize(PARTITIONS);
            assertThat(ownersWithA).containsValues(ownersWithoutA.values().toArray(String[]::new));
            assertThat(distinct(ownersWithoutA)).isEqualTo(PARTITIONS / 2);
        });
        log.info("B holds every partition {} after A was told to stop; A had applied {} events, B {}, B {} meanwhile",
                Duration.between(aStopped, Instant.now()), appliedByA, appliedByB, applied(b) - appliedByB);

        shop.awaitAcknowledged(shop.count() + STEP);
        int coordinator = probe.coordinator(GROUP);
        log.info("stopping Kafka node {}, the group's coordinator, {} webhooks acknowledged", coordinator, shop.count());
        kafka.stop(coordinator);
        shop.enter(Phase.ONE_BROKER_DOWN);
        shop.awaitAcknowledged(shop.count() + STEP);
        log.info("starting Kafka node {} again, {} webhooks acknowledged", coordinator, shop.count());
        shop.enter(Phase.ALL_BROKERS);
        kafka.start(coordinator);
        shop.awaitAcknowledged(shop.count() + STEP);

        shop.finish();
        Set<String> acknowledged = shop.acknowledged();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> probe.lag(GROUP, inbound) == 0 && appliedEvents(db) >= acknowledged.size());
        log.info("acknowledged per phase {}, by instance {}; not answered 200 and sent again, by status {}",
                shop.perPhase(), shop.perInstance(), shop.refusals());

        assertThat(shop.perPhase()).as("webhooks acknowledged in each phase").containsOnlyKeys(Phase.values());
        assertExactState(db, acknowledged, shop.latestSteps());
        assertThat(appliedByA).as("events applied by A before it stopped").isPositive();
        assertThat(appliedByB).as("events applied by B while A ran").isPositive();
        assertScheduleRanOncePerFire(db, schedulerA, schedulerB, aStopped, aClosed);
    }

    /**
     * A marketplace with {@link #SENDERS} threads, each taking its orders through their lives one step a round (all
     * its orders' first versions, then their second ones...), at a steady rate in all, until told to finish. Each
     * webhook is delivered until an instance answers 200, as Shopify retries, so an order's next version is sent only
     * after the one before it was acknowledged. Remembers what was acknowledged, by which instance, in which phase.
     */
    private static final class Marketplace implements AutoCloseable {

        private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

        private final LoadBalancer balancer;
        private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        private final List<Future<?>> sending = new ArrayList<>();
        private final Map<String, Phase> phaseOf = new ConcurrentHashMap<>();
        private final Map<String, String> instanceOf = new ConcurrentHashMap<>();
        private final Map<Long, Integer> latestStep = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
        private final AtomicLong turns = new AtomicLong();
        private long startedAt;
        private volatile Phase phase = Phase.BOTH_INSTANCES;
        private volatile boolean finishing;

        Marketplace(LoadBalancer balancer) {
            this.balancer = balancer;
        }

        void start() {
            startedAt = System.nanoTime();
            for (int sender = 0; sender < SENDERS; sender++) {
                sending.add(senders.submit(this::sendUntilFinished));
            }
        }

        private void sendUntilFinished() {
            while (!finishing) {
                List<Long> orders = new ArrayList<>();
                for (int i = 0; i < ORDERS_PER_SENDER; i++) {
                    orders.add(OrderIds.next());
                }
                for (int step = 0; step < LIFE.size(); step++) {
                    for (long order : orders) {
                        if (finishing) {
                            return;
                        }
                        deliver(webhook(order, step));
                        latestStep.put(order, step);
                    }
                }
            }
        }

        private void deliver(ShopifyWebhook webhook) {
            awaitTurn();
            Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
            while (true) {
                // the phase before the instance: a delivery counted in ONE_INSTANCE cannot have picked A
                Phase startedIn = phase;
                Map.Entry<String, HubClient> instance = balancer.pick();
                int status = answer(instance.getValue(), webhook);
                if (status == 200) {
                    phaseOf.put(webhook.eventId(), startedIn);
                    instanceOf.put(webhook.eventId(), instance.getKey());
                    return;
                }
                refusals.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError(webhook.eventId() + " was not acknowledged within " + GIVE_UP_AFTER);
                }
                sleep(RETRY_PAUSE.toNanos());
            }
        }

        /** Webhooks leave at {@link #RATE} a second, however quickly the hub answers. */
        private void awaitTurn() {
            sleep(startedAt + turns.getAndIncrement() * 1_000_000_000L / RATE - System.nanoTime());
        }

        private static int answer(HubClient hub, ShopifyWebhook webhook) {
            try {
                return hub.send("shopify", webhook).statusCode();
            } catch (RuntimeException noAnswer) {
                // connection refused or timed out: not acknowledged, so sent again
                return -1;
            }
        }

        void takeOut(String instance, Phase next) {
            balancer.takeOut(instance);
            phase = next;
        }

        void enter(Phase next) {
            phase = next;
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(120)).until(() -> phaseOf.size() >= count);
        }

        /** Lets each sender complete the delivery under way, then stop. */
        void finish() {
            finishing = true;
            sending.forEach(sender -> {
                try {
                    sender.get(2, TimeUnit.MINUTES);
                } catch (Exception e) {
                    throw new AssertionError("a sender failed", e);
                }
            });
        }

        /** Stops what is still sending, should the test have failed before the end of the load. */
        @Override
        public void close() {
            senders.shutdownNow();
        }

        int count() {
            return phaseOf.size();
        }

        Set<String> acknowledged() {
            return Set.copyOf(phaseOf.keySet());
        }

        /** Each order's latest acknowledged step of {@link #LIFE}. */
        Map<Long, Integer> latestSteps() {
            return Map.copyOf(latestStep);
        }

        Map<Phase, Long> perPhase() {
            return phaseOf.values().stream().collect(Collectors.groupingBy(which -> which, () -> new EnumMap<>(Phase.class),
                    Collectors.counting()));
        }

        Map<String, Long> perInstance() {
            return instanceOf.values().stream().collect(Collectors.groupingBy(which -> which, Collectors.counting()));
        }

        /** Deliveries not answered 200 (and sent again), by status; -1 for no answer. */
        Map<Integer, AtomicInteger> refusals() {
            return Map.copyOf(refusals);
        }
    }

    private static ShopifyWebhook webhook(long order, int step) {
        Version version = LIFE.get(step);
        return ShopifyWebhook.order(version.topic(), eventId(order, step), order, CREATED.plusSeconds(60L * step),
                version.financialStatus(), "FAILOVER-" + order % 20, 1);
    }

    private static String eventId(long order, int step) {
        return "evt-" + order + "-" + step;
    }

    /**
     * Every acknowledged event applied exactly once and in order, nothing else applied; every order in its latest
     * acknowledged version, with one revision per step; no dead letters.
     */
    private static void assertExactState(JdbcTemplate db, Set<String> acknowledged, Map<Long, Integer> latestSteps) {
        List<Map<String, Object>> log = db.queryForList("SELECT event_id, outcome FROM order_event_log "
                + "WHERE connector_id = 'shopify'");
        assertThat(log).extracting(row -> (String) row.get("event_id"))
                .as("each acknowledged event applied once, and nothing else").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(log).allSatisfy(row -> assertThat(row.get("outcome")).as((String) row.get("event_id"))
                .isEqualTo(((String) row.get("event_id")).endsWith("-0") ? "CREATED" : "UPDATED"));

        List<Map<String, Object>> orders = db.queryForList("SELECT external_id, revision, last_event_id, "
                + "financial_status FROM orders WHERE connector_id = 'shopify'");
        assertThat(orders).hasSize(latestSteps.size()).allSatisfy(order -> {
            long id = Long.parseLong((String) order.get("external_id"));
            int step = latestSteps.get(id);
            assertThat(order.get("last_event_id")).as("latest event of " + id).isEqualTo(eventId(id, step));
            assertThat(((Number) order.get("revision")).intValue()).as("revisions of " + id).isEqualTo(step + 1);
            assertThat(order.get("financial_status")).as("financial status of " + id)
                    .isEqualTo(LIFE.get(step).financialStatus().toUpperCase(Locale.ROOT));
        });
        assertThat(db.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).isZero();
    }

    /**
     * Each fire of the schedule ran on one instance; once A was closed it ran none, and B ran the fires after A was
     * told to stop (while A was shutting down, a fire it had acquired may still have run there, once).
     */
    private static void assertScheduleRanOncePerFire(JdbcTemplate db, String schedulerA, String schedulerB,
            Instant aStopped, Instant aClosed) {
        List<Map<String, Object>> fires = db.queryForList("SELECT scheduled_fire_time, COUNT(*) AS runs "
                + "FROM reconcile_runs WHERE connector_id = 'shopify' AND trigger_kind = 'schedule' "
                + "GROUP BY scheduled_fire_time");
        assertThat(fires).hasSizeGreaterThanOrEqualTo(10).allSatisfy(fire -> assertThat(((Number) fire.get("runs")).intValue())
                .as("runs of the fire at " + fire.get("scheduled_fire_time")).isEqualTo(1));
        Timestamp stopped = Timestamp.from(aStopped);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM reconcile_runs WHERE instance_id = ? AND started_at > ?",
                Integer.class, schedulerA, Timestamp.from(aClosed))).as("runs started on A after it was closed").isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM reconcile_runs WHERE instance_id = ? AND scheduled_fire_time > ?",
                Integer.class, schedulerB, stopped)).as("fires B ran after A stopped").isPositive();
    }

    /** Every topic the hub created has three copies and needs two in sync. */
    private static void assertEveryHubTopicReplicated(KafkaAdminProbe probe, String prefix) {
        List<String> hubTopics = probe.topics().stream().filter(topic -> topic.startsWith(prefix)).toList();
        assertThat(hubTopics).as("the hub's topics").hasSizeGreaterThanOrEqualTo(3).allSatisfy(topic -> {
            assertThat(probe.describe(topic).partitions()).allSatisfy(partition ->
                    assertThat(partition.replicas()).as(topic + " replicas").hasSize(3));
            assertThat(probe.config(topic, "min.insync.replicas")).as(topic + " min.insync.replicas").isEqualTo("2");
        });
    }

    private static String schedulerId(StandaloneHub hub) {
        try {
            return hub.bean(Scheduler.class).getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int distinct(Map<Integer, String> owners) {
        return new HashSet<>(owners.values()).size();
    }

    private static long appliedEvents(JdbcTemplate db) {
        return db.queryForObject("SELECT COUNT(*) FROM order_event_log WHERE connector_id = 'shopify'", Long.class);
    }

    /** What this instance applied, from its own metric (hub_orders_events_total). */
    private static double applied(StandaloneHub hub) {
        return hub.bean(MeterRegistry.class).find("hub.orders.events").tag("connector", "shopify").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
