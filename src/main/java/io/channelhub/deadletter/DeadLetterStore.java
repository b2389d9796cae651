package io.channelhub.deadletter;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.connector.InboundEvent;
import io.channelhub.ingest.EnvelopeLimits;
import io.channelhub.storage.SqlConditions;
import io.channelhub.storage.StringMapColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dead_letters} table and each letter's history. One row per failed event (connector + event id): when
 * the same event fails again (redelivered after a restart, or replayed) its row counts the attempt and goes back to
 * NEW instead of adding a second row, and its history shows every failure, edit, replay and outcome.
 */
@Component
public class DeadLetterStore {

    /** The actor named in the history for what the pipeline did by itself. */
    public static final String HUB = "hub";

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
    public long record(InboundEvent event, SourcePosition source, String recordKey, Throwable error, int attempts) {
        Instant now = clock.instant();
        // records written before the ingest limits existed, or by other producers, must still fit
        String eventId = EnvelopeLimits.eventId(event.eventId());
        String eventType = EnvelopeLimits.eventType(event.eventType());
        String headers = StringMapColumn.write(json, event.headers());
        String errorClass = error.getClass().getName();
        String message = error.getMessage();
        String stack = ErrorSummary.of(error);
        return transaction.execute(status -> {
            List<Long> existing = jdbc.query(
                    "SELECT id FROM dead_letters WHERE connector_id = ? AND event_id = ? FOR UPDATE",
                    (rs, i) -> rs.getLong(1), event.connectorId(), eventId);
            long id;
            if (!existing.isEmpty()) {
                id = existing.get(0);
                jdbc.update("UPDATE dead_letters SET error_class = ?, error_message = ?, error_stack = ?, "
                                + "attempts = attempts + ?, last_failed_at = ?, status = ? WHERE id = ?",
                        errorClass, message, stack, attempts, timestamp(now), DeadLetterStatus.NEW.name(), id);
            } else {
                jdbc.update("INSERT INTO dead_letters (connector_id, event_id, event_type, source_topic, source_partition, "
                                + "source_offset, record_key, payload, headers, error_class, error_message, error_stack, "
                                + "attempts, first_failed_at, last_failed_at, status) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        event.connectorId(), eventId, eventType, source.topic(), source.partition(), source.offset(),
                        recordKey, event.body(), headers, errorClass, message, stack, attempts, timestamp(now),
                        timestamp(now), DeadLetterStatus.NEW.name());
                id = jdbc.queryForObject("SELECT id FROM dead_letters WHERE connector_id = ? AND event_id = ?",
                        Long.class, event.connectorId(), eventId);
            }
            history(id, now, "FAILED", HUB, attempts, errorClass, message);
            return id;
        });
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM dead_letters WHERE id = ?", (rs, i) -> row(rs), id).stream().findFirst();
    }

    /** The letter's life, oldest first. */
    public List<DeadLetterEvent> history(long id) {
        return jdbc.query("SELECT * FROM dead_letter_history WHERE dead_letter_id = ? ORDER BY id", (rs, i) ->
                new DeadLetterEvent(instant(rs, "at"), rs.getString("action"), rs.getString("actor"),
                        (Integer) rs.getObject("attempts"), rs.getString("error_class"), rs.getString("detail")), id);
    }

    /** Dead letters matching the filters, newest failure first. */
    public DeadLetterPage page(DeadLetterQuery query, int page, int size) {
        SqlConditions where = conditions(query);
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters" + where.where(), Long.class, where.args());
        List<DeadLetter> items = jdbc.query("SELECT * FROM dead_letters" + where.where()
                + " ORDER BY last_failed_at DESC, id DESC OFFSET " + ((long) page * size) + " ROWS FETCH NEXT " + size
                + " ROWS ONLY", (rs, i) -> row(rs), where.args());
        return new DeadLetterPage(total, items);
    }

    /** The ids of every dead letter matching the filters, oldest first (the order a bulk replay takes them in). */
    public List<Long> ids(DeadLetterQuery query) {
        SqlConditions where = conditions(query);
        return jdbc.queryForList("SELECT id FROM dead_letters" + where.where() + " ORDER BY id", Long.class, where.args());
    }

    /** How many dead letters there are per connector, error class and status. */
    public List<DeadLetterCount> counts() {
        return jdbc.query("SELECT connector_id, error_class, status, COUNT(*) FROM dead_letters "
                        + "GROUP BY connector_id, error_class, status ORDER BY connector_id, error_class, status",
                (rs, i) -> new DeadLetterCount(rs.getString(1), rs.getString(2),
                        DeadLetterStatus.valueOf(rs.getString(3)), rs.getLong(4)));
    }

    /**
     * Moves a letter to {@code next} if it is in one of the {@code from} states, and writes the step into its
     * history, in one transaction; false when it was not in such a state (someone else acted first).
     */
    boolean transition(long id, List<DeadLetterStatus> from, DeadLetterStatus next, String action, String actor,
            String detail) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            String states = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
            if (jdbc.update("UPDATE dead_letters SET status = ? WHERE id = ? AND status IN (" + states + ")",
                    next.name(), id) == 0) {
                return false;
            }
            history(id, clock.instant(), action, actor, null, null, detail);
            return true;
        }));
    }

    /** Keeps an operator's edit of the payload next to the untouched original. */
    void edit(long id, byte[] payload, String actor) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("UPDATE dead_letters SET edited_payload = ? WHERE id = ?", payload, id);
            history(id, clock.instant(), "EDITED", actor, null, null, payload.length + " bytes");
        });
    }

    /**
     * A replayed event got through the pipeline: applied now, or found applied already (its key was in the
     * idempotent repository). Runs in the event's own transaction, so the letter is resolved if and only if the
     * event's effect committed.
     */
    public void resolved(long id, boolean duplicate) {
        if (jdbc.update("UPDATE dead_letters SET status = ? WHERE id = ? AND status <> ?", DeadLetterStatus.RESOLVED.name(),
                id, DeadLetterStatus.RESOLVED.name()) == 1) {
            history(id, clock.instant(), duplicate ? "ALREADY_APPLIED" : "APPLIED", HUB, null, null, null);
        }
    }

    /**
     * A replayed dead letter that is not a Kafka record (a stock push) succeeded: resolves it if it is being
     * replayed. Called in the success's transaction.
     */
    public void resolvedReplay(String connectorId, String eventId) {
        jdbc.queryForList("SELECT id FROM dead_letters WHERE connector_id = ? AND event_id = ? AND status = ?", Long.class,
                connectorId, eventId, DeadLetterStatus.REPLAYING.name()).forEach(id -> resolved(id, false));
    }

    private void history(long id, Instant at, String action, String actor, Integer attempts, String errorClass,
            String detail) {
        jdbc.update("INSERT INTO dead_letter_history (dead_letter_id, at, action, actor, attempts, error_class, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, timestamp(at), action, actor, attempts, errorClass, detail);
    }

    private static SqlConditions conditions(DeadLetterQuery query) {
        String text = query.text() == null || query.text().isBlank() ? null
                : "%" + SqlConditions.likeLiteral(query.text().toLowerCase(Locale.ROOT)) + "%";
        return new SqlConditions().equal("connector_id", query.connectorId())
                // people type the simple name they see; the full name works too
                .add("(error_class = ? OR error_class LIKE '%.' || ?)", query.errorClass())
                .equal("status", query.status() == null ? null : query.status().name())
                .notBefore("last_failed_at", query.from()).before("last_failed_at", query.to())
                .add("LOWER(error_message) LIKE ? ESCAPE '!'", text);
    }

    private DeadLetter row(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("connector_id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("source_topic"), (Integer) rs.getObject("source_partition"),
                rs.getObject("source_offset") == null ? null : rs.getLong("source_offset"), rs.getString("record_key"),
                rs.getBytes("payload"), rs.getBytes("edited_payload"), StringMapColumn.read(json, rs.getString("headers")),
                rs.getString("error_class"), rs.getString("error_message"), rs.getString("error_stack"),
                rs.getInt("attempts"), instant(rs, "first_failed_at"), instant(rs, "last_failed_at"),
                DeadLetterStatus.valueOf(rs.getString("status")));
    }
}
