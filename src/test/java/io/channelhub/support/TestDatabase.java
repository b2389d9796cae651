package io.channelhub.support;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database every hub a test starts runs on: an H2 file in its data directory (the default: what a newcomer's
 * {@code ./mvnw test} needs nothing for), or with {@code -Dhub.test.database=postgresql} a PostgreSQL schema of its
 * own ({@link TestPostgres}), so that the same suite proves the hub on both. Never falls back from one to the other:
 * a suite asked to run on PostgreSQL that cannot have one fails, saying why.
 */
public final class TestDatabase {

    public static final String PROPERTY = "hub.test.database";
    // a held row lock fails fast and exercises redelivery; the same wait on both databases, so that the tests of
    // "a transient database failure is retried" mean the same on both
    private static final int LOCK_TIMEOUT_MS = 300;
    // a restarted hub must find its data: one schema per data directory, for the life of the JVM
    private static final Map<Path, JdbcLogin> SCHEMAS = new ConcurrentHashMap<>();

    private TestDatabase() {
    }

    public static boolean postgres() {
        String chosen = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "", "h2" -> false;
            case "postgresql", "postgres" -> true;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + chosen
                    + " names no database the tests know: h2 (the default) or postgresql");
        };
    }

    /** The database of a hub whose data lives in {@code dataDir}, the same one for every hub started on it. */
    public static JdbcLogin forDataDir(Path dataDir) {
        if (!postgres()) {
            return new JdbcLogin("jdbc:h2:file:" + dataDir + "/db/channel-hub;LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS, "sa", "",
                    null);
        }
        return SCHEMAS.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> {
            try {
                return TestPostgres.freshSchema().withParameter("options", "-c%20lock_timeout=" + LOCK_TIMEOUT_MS);
            } catch (TestPostgres.Unavailable none) {
                throw new IllegalStateException("-D" + PROPERTY + "=postgresql asks for PostgreSQL, but "
                        + none.getMessage(), none);
            }
        });
    }
}
