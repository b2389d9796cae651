package io.channelhub.inventory;

import io.channelhub.support.StandaloneHub;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The last-ten-units race of {@link LastUnitsRace} on PostgreSQL, where row locks and READ COMMITTED differ from H2. */
class StockLedgerOnPostgreSqlTest {

    private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void threeConnectorsRacingForTheLastTenUnitsOnPostgreSql() throws Exception {
        Assumptions.assumeTrue(postgresReachable(), "PostgreSQL is not reachable at " + POSTGRES_URL
                + " (user postgres, trust auth): the PostgreSQL case of the stock race did not run");
        String schema = "stock_" + UUID.randomUUID().toString().replace("-", "");
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(POSTGRES_URL, "postgres", ""));
        admin.execute("CREATE SCHEMA " + schema);
        try (StandaloneHub hub = StandaloneHub.start(Files.createTempDirectory("channel-hub-stock-pg-"),
                "spring.datasource.url=" + POSTGRES_URL + "?currentSchema=" + schema, "spring.datasource.username=postgres",
                "spring.datasource.password=")) {
            LastUnitsRace.run(hub.client(), hub.bean(JdbcTemplate.class));
        } finally {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static boolean postgresReachable() {
        try (Connection ignored = DriverManager.getConnection(POSTGRES_URL, "postgres", "")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
