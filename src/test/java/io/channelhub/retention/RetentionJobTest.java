package io.channelhub.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.support.JdbcLogin;
import io.channelhub.support.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Retention's statements on the schema the migrations create, on H2 and on PostgreSQL: expired rows go in batches of
 * the configured size, everything inside its window stays, and each connector's latest reconciliation run and latest
 * successful one stay whatever their age.
 */
class RetentionJobTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void expiredRowsGoInBatchesOnH2() {
        DataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:retention-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(h2).load().migrate();
        expiredRowsGoInBatches(h2);
    }

    @Test
    void expiredRowsGoInBatchesOnPostgreSql() {
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try {
            DataSource dataSource = postgres.dataSource();
            Flyway.configure().dataSource(dataSource).schemas(postgres.schema()).load().migrate();
            expiredRowsGoInBatches(dataSource);
        } finally {
            TestPostgres.drop(postgres);
        }
    }

    private static void expiredRowsGoInBatches(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        keys(jdbc, "expired", 2_500, Duration.ofDays(8));
        keys(jdbc, "six-days-old", 10, Duration.ofDays(6));
        keys(jdbc, "new", 10, Duration.ZERO);
        // a: failed lately, succeeded 31 days ago; b: reconciled once, long ago; c: its latest run (failed) and its
        // latest success are both older than the window
        long aSucceeded40 = run(jdbc, "a", "SUCCEEDED", 40);
        long aFailed35 = run(jdbc, "a", "FAILED", 35);
        long aSucceeded31 = run(jdbc, "a", "SUCCEEDED", 31);
        long aFailed1 = run(jdbc, "a", "FAILED", 1);
        long bFailed60 = run(jdbc, "b", "FAILED", 60);
        long cSucceeded50 = run(jdbc, "c", "SUCCEEDED", 50);
        long cFailed45 = run(jdbc, "c", "FAILED", 45);
        long cFailed44 = run(jdbc, "c", "FAILED", 44);

        List<Integer> batches = new ArrayList<>();
        ExpiredRows counted = new ExpiredRows(jdbc) {
            @Override
            public int idempotentKeys(Instant before, int limit) {
                int deleted = super.idempotentKeys(before, limit);
                batches.add(deleted);
                return deleted;
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetentionProperties properties = new RetentionProperties(true, "0 5 * * * ?", Duration.ofDays(7),
                Duration.ofDays(30), 1_000, Duration.ofMillis(10));
        RetentionResult result = new RetentionJob(counted, properties, Clock.fixed(NOW, ZoneOffset.UTC), meters)
                .run("test");

        assertThat(result.idempotentKeys()).isEqualTo(2_500);
        assertThat(batches).as("rows per DELETE statement").containsExactly(1_000, 1_000, 500);
        assertThat(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class))
                .hasSize(20).noneMatch(key -> key.startsWith("expired"));
        assertThat(result.reconcileRuns()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT id FROM reconcile_runs ORDER BY id", Long.class))
                .as("a's latest run and latest success, b's only run, c's latest run and latest success")
                .containsExactly(aSucceeded31, aFailed1, bFailed60, cSucceeded50, cFailed44)
                .doesNotContain(aSucceeded40, aFailed35, cFailed45);
        assertThat(result.idempotentKeysBefore()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(result.complete()).isTrue();
        assertThat(meters.get("hub.retention.deleted").tag("table", "camel_messageprocessed").counter().count())
                .isEqualTo(2_500);
        assertThat(meters.get("hub.retention.deleted").tag("table", "reconcile_runs").counter().count()).isEqualTo(3);

        RetentionResult again = new RetentionJob(new ExpiredRows(jdbc), properties, Clock.fixed(NOW, ZoneOffset.UTC),
                meters).run("test");
        assertThat(again.idempotentKeys()).as("nothing left to delete").isZero();
        assertThat(again.reconcileRuns()).isZero();
    }

    private static void keys(JdbcTemplate jdbc, String prefix, int count, Duration age) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // written the way camel-sql writes them: a Timestamp of the JVM's clock
            rows.add(new Object[] {"inbound-events", "shopify:" + prefix + "-" + i, Timestamp.from(NOW.minus(age))});
        }
        jdbc.batchUpdate("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)", rows);
    }

    private static long run(JdbcTemplate jdbc, String connectorId, String outcome, int daysAgo) {
        return ReconcileRunRows.insert(jdbc, connectorId, outcome, NOW.minus(Duration.ofDays(daysAgo)));
    }
}
