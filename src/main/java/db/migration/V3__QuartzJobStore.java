package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The Quartz job store's tables (clustered reconciliation schedules), created from the schema script Quartz ships
 * for the database in use, so the tables always match the Quartz version on the class path.
 */
public class V3__QuartzJobStore extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String script = product.contains("postgres") ? "tables_postgres.sql" : product.contains("h2") ? "tables_h2.sql" : null;
        if (script == null) {
            throw new IllegalStateException("no Quartz schema for database " + product + " (supported: H2, PostgreSQL)");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read("org/quartz/impl/jdbcjobstore/" + script))) {
                statement.execute(sql);
            }
        }
    }

    /** The script's statements without comments; its DROPs and trailing COMMIT are left out (Flyway owns both). */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--") && !line.trim().startsWith("#")) {
                withoutComments.append(line).append('\n');
            }
        }
        return Arrays.stream(withoutComments.toString().split(";"))
                .map(String::trim)
                .filter(sql -> !sql.isEmpty())
                .filter(sql -> !sql.equalsIgnoreCase("commit") && !sql.toLowerCase(Locale.ROOT).startsWith("drop "))
                .toList();
    }

    private static String read(String resource) throws SQLException {
        try (InputStream in = V3__QuartzJobStore.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("Quartz schema script " + resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
