package io.channelhub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Which database engine the hub's data source is, for the few places where H2 and PostgreSQL must be told apart. */
public enum DatabaseEngine {
    H2, POSTGRESQL, OTHER;

    /** Asks the database itself (one pooled connection): a URL rewritten by a profile or a proxy cannot mislead. */
    public static DatabaseEngine of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("postgres") ? POSTGRESQL : product.contains("h2") ? H2 : OTHER;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the hub's data source is", e);
        }
    }
}
