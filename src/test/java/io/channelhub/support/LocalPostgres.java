package io.channelhub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL server a test may use: 127.0.0.1:5432, user postgres, trust auth, database {@code test} (.ci/run
 * starts it where it is installed). A test takes a schema of its own and drops it when done, so tests never see each
 * other's rows; without a server the test is skipped, saying so.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private final String schema;

    private LocalPostgres(String schema) {
        this.schema = schema;
    }

    /** A new empty schema named {@code <prefix>_<random>}; skips the calling test when no server answers. */
    public static LocalPostgres newSchema(String prefix, String whatDidNotRun) {
        Assumptions.assumeTrue(reachable(), "PostgreSQL is not reachable at " + URL + " (user " + USER
                + ", trust auth): " + whatDidNotRun + " did not run");
        LocalPostgres postgres = new LocalPostgres(prefix + "_" + UUID.randomUUID().toString().replace("-", ""));
        admin().execute("CREATE SCHEMA " + postgres.schema);
        return postgres;
    }

    public String schema() {
        return schema;
    }

    /** The JDBC URL of the schema: unqualified names (every table of the hub) resolve in it. */
    public String url() {
        return URL + "?currentSchema=" + schema;
    }

    public DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource(url(), USER, "");
    }

    @Override
    public void close() {
        admin().execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private static JdbcTemplate admin() {
        return new JdbcTemplate(new DriverManagerDataSource(URL, USER, ""));
    }

    private static boolean reachable() {
        try (Connection ignored = DriverManager.getConnection(URL, USER, "")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
