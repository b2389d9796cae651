package io.channelhub.deadletter;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.EnvelopeLimits;
import io.channelhub.storage.StringMapColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dead_letters} table. One row per failed event (connector + event id): when the same event fails
 * again (redelivered after a restart, or replayed) its row counts the attempt instead of adding a second row.
 */
@Component
public class DeadLetterStore {

    static final String STATUS_NEW = "NEW";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;

    public DeadLetterStore(JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** Records the failure and returns the dead letter's id. */
    public long record(InboundEvent event, SourcePosition source, Throwable error, int attempts) {
        Instant now = clock.instant();
        // records written before the ingest limits existed, or by other producers, must still fit
        String eventId = EnvelopeLimits.eventId(event.eventId());
        String eventType = EnvelopeLimits.eventType(event.eventType());
        String headers = StringMapColumn.write(json, event.headers());
        String errorClass = error.getClass().getName();
        String message = error.getMessage();
        return transaction.execute(status -> {
            List<Long> existing = jdbc.query(
                    "SELECT id FROM dead_letters WHERE connector_id = ? AND event_id = ? FOR UPDATE",
                    (rs, i) -> rs.getLong(1), event.connectorId(), eventId);
            if (!existing.isEmpty()) {
                jdbc.update("UPDATE dead_letters SET error_class = ?, error_message = ?, attempts = attempts + ?, "
                                + "last_failed_at = ?, status = ? WHERE id = ?",
                        errorClass, message, attempts, timestamp(now), STATUS_NEW, existing.get(0));
                return existing.get(0);
            }
            jdbc.update("INSERT INTO dead_letters (connector_id, event_id, event_type, source_topic, source_partition, "
                            + "source_offset, payload, headers, error_class, error_message, attempts, first_failed_at, "
                            + "last_failed_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    event.connectorId(), eventId, eventType, source.topic(), source.partition(),
                    source.offset(), event.body(), headers, errorClass, message, attempts, timestamp(now), timestamp(now),
                    STATUS_NEW);
            return jdbc.queryForObject("SELECT id FROM dead_letters WHERE connector_id = ? AND event_id = ?",
                    Long.class, event.connectorId(), eventId);
        });
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM dead_letters WHERE id = ?", (rs, i) -> row(rs), id).stream().findFirst();
    }

    /** Dead letters matching the filters (null means any), newest failure first. */
    public DeadLetterPage page(String connectorId, String status, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (connectorId != null) {
            where.append(" AND connector_id = ?");
            args.add(connectorId);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status);
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters" + where, Long.class, args.toArray());
        List<DeadLetter> items = jdbc.query("SELECT * FROM dead_letters" + where + " ORDER BY last_failed_at DESC, id DESC"
                + " OFFSET " + ((long) page * size) + " ROWS FETCH NEXT " + size + " ROWS ONLY",
                (rs, i) -> row(rs), args.toArray());
        return new DeadLetterPage(total, items);
    }

    private DeadLetter row(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("connector_id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("source_topic"), (Integer) rs.getObject("source_partition"),
                rs.getObject("source_offset") == null ? null : rs.getLong("source_offset"), rs.getBytes("payload"),
                StringMapColumn.read(json, rs.getString("headers")), rs.getString("error_class"), rs.getString("error_message"),
                rs.getInt("attempts"), instant(rs, "first_failed_at"), instant(rs, "last_failed_at"),
                rs.getString("status"));
    }
}
