package io.channelhub.storage;

import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause built from optional filters, each with its parameter: a null filter adds nothing. Column names
 * come from our code, values only ever as parameters.
 */
public final class SqlConditions {

    private final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    private final List<Object> args = new ArrayList<>();

    /** {@code column = value} unless value is null. */
    public SqlConditions equal(String column, Object value) {
        return add(column + " = ?", value);
    }

    /** {@code column >= from} unless from is null. */
    public SqlConditions notBefore(String column, Instant from) {
        return add(column + " >= ?", timestamp(from));
    }

    /** {@code column < to} unless to is null. */
    public SqlConditions before(String column, Instant to) {
        return add(column + " < ?", timestamp(to));
    }

    /** Any other condition, unless value is null; every {@code ?} in it takes the value. */
    public SqlConditions add(String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            condition.chars().filter(c -> c == '?').forEach(c -> args.add(value));
        }
        return this;
    }

    /** {@code text} as a LIKE pattern that matches it literally, for {@code LIKE ? ESCAPE '!'}. */
    public static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    public String where() {
        return where.toString();
    }

    public Object[] args() {
        return args.toArray();
    }
}
