package io.channelhub.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.support.JdbcLogin;
import io.channelhub.support.TestPostgres;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two consumers race on the same event inside their own transactions (two hub instances during a rebalance).
 * The loser must get "duplicate" (not an exception, CAMEL-24048) and its transaction must stay usable, which on
 * PostgreSQL means the failed insert was confined to a savepoint.
 */
class EventDeduplicationRepositoryTest {

    @Test
    void concurrentDuplicatesOnH2() throws Exception {
        raceOn(new DriverManagerDataSource("jdbc:h2:mem:dedupe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=5000",
                "sa", ""), "PUBLIC");
    }

    @Test
    void concurrentDuplicatesOnPostgreSql() throws Exception {
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try {
            raceOn(postgres.dataSource(), postgres.schema());
        } finally {
            TestPostgres.drop(postgres);
        }
    }

    private static void raceOn(DataSource dataSource, String schema) throws Exception {
        Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        EventDeduplicationRepository repository = new EventDeduplicationRepository(dataSource, transactions, "race");
        repository.start();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        CountDownLatch firstAdded = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            boolean added = repository.add("shopify:evt-1");
            firstAdded.countDown();
            sleep(500); // still uncommitted while the second one tries
            return added;
        }));
        assertThat(firstAdded.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            boolean added = repository.add("shopify:evt-1");
            // the transaction is still usable after the duplicate: it can write and commit
            jdbc.update("INSERT INTO order_event_log (connector_id, external_id, event_id, event_type, "
                    + "marketplace_updated_at, outcome, processed_at) VALUES ('shopify', '1', 'after-race', 'x', "
                    + "CURRENT_TIMESTAMP, 'STALE', CURRENT_TIMESTAMP)");
            return added;
        }));

        assertThat(first.get(20, TimeUnit.SECONDS)).as("the first delivery is new").isTrue();
        assertThat(second.get(20, TimeUnit.SECONDS)).as("the concurrent second delivery is a duplicate").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'shopify:evt-1'",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event_log WHERE event_id = 'after-race'",
                Integer.class)).as("the loser's transaction committed its other work").isEqualTo(1);
        Boolean third = transaction.execute(status -> repository.add("shopify:evt-2"));
        assertThat(third).isTrue();
        repository.stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
