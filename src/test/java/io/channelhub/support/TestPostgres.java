package io.channelhub.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL for tests: the server on 127.0.0.1:5432 (user postgres, trust auth, database {@code test}; CI starts one)
 * when it answers, else one embedded in this JVM (zonky's binaries from Maven Central), else the reason why neither.
 * Each caller gets a schema of its own, so tests, runs and engineers sharing one server never see each other's rows.
 * <p>
 * Schemas are named {@code hubtest_<UTC creation time>_<random>} and are not dropped when the JVM exits: at that
 * moment hubs are still closing on them. Instead the first use in a JVM drops the ones older than an hour that no
 * connection uses (each connection names its schema as its {@code ApplicationName}), which a run on another JVM
 * sharing the server cannot be doing.
 */
public final class TestPostgres {

    /** Another server than 127.0.0.1:5432, e.g. {@code -Dhub.test.postgres-url=jdbc:postgresql://db:5432/test}. */
    public static final String URL_PROPERTY = "hub.test.postgres-url";
    public static final String USER_PROPERTY = "hub.test.postgres-user";
    public static final String PASSWORD_PROPERTY = "hub.test.postgres-password";
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PREFIX = "hubtest_";
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{14})_[0-9a-f]+");
    private static final Duration STALE_AFTER = Duration.ofHours(1);

    private static JdbcLogin server;
    private static String unavailable;

    private TestPostgres() {
    }

    /** A new empty schema, or {@link Unavailable} saying why there is no PostgreSQL to make it on. */
    public static JdbcLogin freshSchema() {
        JdbcLogin database = server();
        String schema = PREFIX + LocalDateTime.now(ZoneOffset.UTC).format(CREATED) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(database, "CREATE SCHEMA " + schema);
        return new JdbcLogin(database.url(), database.username(), database.password(), schema)
                .withParameter("currentSchema", schema)
                .withParameter("ApplicationName", schema);
    }

    /**
     * For a test's own PostgreSQL case: a fresh schema, or the test is skipped with the reason. A suite asked to run
     * on PostgreSQL ({@code -Dhub.test.database=postgresql}) fails instead: nothing it asked for may be skipped.
     */
    public static JdbcLogin freshSchemaOrSkip() {
        try {
            return freshSchema();
        } catch (Unavailable none) {
            if (TestDatabase.postgres()) {
                fail(none.getMessage() + ", and -D" + TestDatabase.PROPERTY + "=postgresql asks for it");
            }
            Assumptions.abort(none.getMessage() + ": this PostgreSQL case is skipped");
            throw none;
        }
    }

    /** Drops a schema the test no longer needs; what a test forgets is dropped by a later run. */
    public static void drop(JdbcLogin schema) {
        execute(server(), "DROP SCHEMA IF EXISTS " + schema.schema() + " CASCADE");
    }

    private static synchronized JdbcLogin server() {
        if (server == null && unavailable == null) {
            find();
        }
        if (server == null) {
            throw new Unavailable(unavailable);
        }
        return server;
    }

    private static void find() {
        JdbcLogin configured = new JdbcLogin(System.getProperty(URL_PROPERTY, DEFAULT_URL),
                System.getProperty(USER_PROPERTY, "postgres"), System.getProperty(PASSWORD_PROPERTY, ""), null);
        try (Connection connection = configured.withParameter("connectTimeout", "5").connect()) {
            dropStaleSchemas(connection);
            server = configured;
            return;
        } catch (SQLException noServer) {
            try {
                server = embedded();
            } catch (Exception | LinkageError cannot) {
                unavailable = "no PostgreSQL answers at " + configured.url() + " as " + configured.username() + " ("
                        + noServer.getMessage() + ") and an embedded one could not start (" + why(cannot) + ")";
            }
        }
    }

    /** Started once per JVM; zonky stops it and deletes its files when the JVM exits. */
    private static JdbcLogin embedded() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        return new JdbcLogin("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "", null);
    }

    private static void dropStaleSchemas(Connection connection) throws SQLException {
        LocalDateTime staleBefore = LocalDateTime.now(ZoneOffset.UTC).minus(STALE_AFTER);
        List<String> stale = new ArrayList<>();
        try (Statement query = connection.createStatement();
             var rows = query.executeQuery("SELECT nspname FROM pg_namespace n WHERE nspname LIKE 'hubtest\\_%' "
                     + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = n.nspname)")) {
            while (rows.next()) {
                Matcher name = NAME.matcher(rows.getString(1));
                if (name.matches() && created(name.group(1)).isBefore(staleBefore)) {
                    stale.add(rows.getString(1));
                }
            }
        }
        for (String schema : stale) {
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static LocalDateTime created(String stamp) {
        try {
            return LocalDateTime.parse(stamp, CREATED);
        } catch (DateTimeParseException notOurs) {
            return LocalDateTime.MAX;
        }
    }

    private static void execute(JdbcLogin database, String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database.url(), e);
        }
    }

    /** Neither a server nor an embedded PostgreSQL: the message says why. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private static String why(Throwable cannot) {
        StringBuilder reasons = new StringBuilder(String.valueOf(cannot.getMessage()));
        for (Throwable cause = cannot.getCause(); cause != null; cause = cause.getCause()) {
            reasons.append("; ").append(cause.getMessage());
        }
        return reasons.toString();
    }
}
