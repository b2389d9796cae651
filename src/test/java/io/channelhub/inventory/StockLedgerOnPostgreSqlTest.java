package io.channelhub.inventory;

import io.channelhub.support.JdbcLogin;
import io.channelhub.support.StandaloneHub;
import io.channelhub.support.TestPostgres;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The last-ten-units race of {@link LastUnitsRace} on PostgreSQL, where row locks and READ COMMITTED differ from H2,
 * whichever database the rest of the suite runs on.
 */
class StockLedgerOnPostgreSqlTest {

    @Test
    void threeConnectorsRacingForTheLastTenUnitsOnPostgreSql() throws Exception {
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try (StandaloneHub hub = StandaloneHub.start(Files.createTempDirectory("channel-hub-stock-pg-"),
                postgres.springArguments())) {
            LastUnitsRace.run(hub.client(), hub.bean(JdbcTemplate.class));
        } finally {
            TestPostgres.drop(postgres);
        }
    }
}
