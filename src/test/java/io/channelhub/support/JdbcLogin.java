package io.channelhub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Where a test database is and how to log in: what a hub gets as {@code spring.datasource.*}, and what a test uses to
 * look at the same rows from a connection of its own. {@code schema} is null for H2, which has a database per file.
 */
public record JdbcLogin(String url, String username, String password, String schema) {

    /** The settings {@link #springProperties()} makes, e.g. for a hub whose profile is to choose its database. */
    public static final Set<String> SPRING_KEYS = Set.of("spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password");

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    public DataSource dataSource() {
        return new DriverManagerDataSource(url, username, password);
    }

    /** The same login with another parameter on the URL (PostgreSQL's driver takes them after {@code ?}). */
    public JdbcLogin withParameter(String name, String value) {
        return new JdbcLogin(url + (url.contains("?") ? "&" : "?") + name + "=" + value, username, password, schema);
    }

    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        return properties;
    }

    /** As {@code key=value} strings, the form {@link StandaloneHub#start(java.nio.file.Path, String...)} takes. */
    public String[] springArguments() {
        return springProperties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
