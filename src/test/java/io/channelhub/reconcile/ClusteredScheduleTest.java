package io.channelhub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.channelhub.kafka.KafkaConnection;
import io.channelhub.simulator.Simulators;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.StandaloneHub;
import io.channelhub.support.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub instances against one database and one Kafka cluster, with a reconciliation schedule firing every two
 * seconds: every fire of the schedule runs on exactly one of them (Quartz's clustered JDBC job store). Without
 * clustering each instance would run every fire and the history would show each fire time twice.
 */
class ClusteredScheduleTest {

    @Test
    void twoInstancesOnH2RunEachScheduledReconciliationOnce() throws Exception {
        Path first = Files.createTempDirectory("channel-hub-cluster-a-");
        // both instances open the same H2 file database: within one JVM H2 serves them one shared engine
        String sharedDatabase = "jdbc:h2:file:" + first + "/db/channel-hub;LOCK_TIMEOUT=5000";
        runTwoInstances(first, sharedDatabase, "sa", "");
    }

    @Test
    void twoInstancesOnPostgreSqlRunEachScheduledReconciliationOnce() throws Exception {
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try {
            runTwoInstances(Files.createTempDirectory("channel-hub-cluster-pg-"), postgres.url(), postgres.username(),
                    postgres.password());
        } finally {
            TestPostgres.drop(postgres);
        }
    }

    @Test
    void switchingAScheduleOffRemovesItsTriggerFromTheSharedJobStore() throws Exception {
        Path dir = Files.createTempDirectory("channel-hub-schedule-off-");
        try (StandaloneHub scheduled = StandaloneHub.start(dir, "hub.reconcile.connectors.shopify.enabled=true")) {
            assertThat(reconcileTriggers(scheduled.bean(JdbcTemplate.class))).contains("shopify");
            assertThat(scheduled.bean(MeterRegistry.class).get("hub.reconcile.interval").tag("connector", "shopify")
                    .gauge().value()).as("every 15 minutes, for the two-intervals alert").isEqualTo(900.0);
        }
        try (StandaloneHub unscheduled = StandaloneHub.start(dir)) {
            JdbcTemplate jdbc = unscheduled.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reconcileTriggers(jdbc)).doesNotContain("shopify"));
            assertThat(unscheduled.bean(MeterRegistry.class).find("hub.reconcile.interval").tag("connector", "shopify")
                    .gauge()).as("no interval, no two-intervals alert").isNull();
        }
    }

    private static List<String> reconcileTriggers(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'reconcile'", String.class);
    }

    private static void runTwoInstances(Path firstDir, String databaseUrl, String user, String password) throws Exception {
        Simulators.shopify().clearOrders();
        String[] common = {"spring.datasource.url=" + databaseUrl, "spring.datasource.username=" + user,
                "spring.datasource.password=" + password, "hub.reconcile.connectors.shopify.enabled=true",
                "hub.reconcile.connectors.shopify.schedule=0/2 * * * * ?"};
        try (StandaloneHub a = StandaloneHub.start(firstDir, common)) {
            String brokers = a.bean(KafkaConnection.class).bootstrapServers();
            try (StandaloneHub b = StandaloneHub.start(Files.createTempDirectory("channel-hub-cluster-b-"),
                    concat(common, "hub.kafka.bootstrap-servers=" + brokers))) {
                JdbcTemplate jdbc = a.bean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> scheduledRuns(jdbc) >= 6);
                List<Map<String, Object>> fires = jdbc.queryForList("SELECT scheduled_fire_time, COUNT(*) AS runs "
                        + "FROM reconcile_runs WHERE connector_id = 'shopify' AND trigger_kind = 'schedule' "
                        + "GROUP BY scheduled_fire_time");
                assertThat(fires).hasSizeGreaterThanOrEqualTo(6)
                        .allSatisfy(fire -> assertThat(((Number) fire.get("runs")).intValue()).as("runs of the fire at "
                                + fire.get("scheduled_fire_time")).isEqualTo(1));
                assertThat(jdbc.queryForList("SELECT DISTINCT outcome FROM reconcile_runs WHERE connector_id = 'shopify'",
                        String.class)).containsExactly("SUCCEEDED");
            }
        }
    }

    private static long scheduledRuns(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM reconcile_runs WHERE connector_id = 'shopify' "
                + "AND trigger_kind = 'schedule'", Long.class);
    }

    private static String[] concat(String[] common, String extra) {
        String[] all = Arrays.copyOf(common, common.length + 1);
        all[common.length] = extra;
        return all;
    }
}
