package io.channelhub.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Makes every committed transaction of the hub's database survive the hub process being killed: before a Kafka offset
 * moves past the events those transactions applied, and before an ops change is answered.
 *
 * <p>PostgreSQL needs nothing: a commit is in its write-ahead log when it returns. H2 keeps commits in memory and
 * writes them to its file in the background (up to {@code WRITE_DELAY}, 500 ms by default); writing each commit at
 * once ({@code WRITE_DELAY=0}) cost a third of processing's CPU in the benchmark's profile and serialised the
 * consumers on H2's store lock. So H2 keeps its delay, and this runs {@code CHECKPOINT} (which writes what is
 * committed) once per offset commit, i.e. once per batch rather than once per event, and once per changing ops
 * request.
 */
@Component
public class CommittedWritesFlush {

    private final DataSource dataSource;
    private final boolean needed;

    public CommittedWritesFlush(DataSource dataSource) {
        this.dataSource = dataSource;
        this.needed = DatabaseEngine.of(dataSource) == DatabaseEngine.H2;
    }

    /** False where a commit is durable when it returns (PostgreSQL): {@link #flush()} then does nothing. */
    public boolean needed() {
        return needed;
    }

    /** Returns once everything committed so far is in the database's files; throws when it could not be written. */
    public void flush() throws SQLException {
        if (!needed) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }
}
