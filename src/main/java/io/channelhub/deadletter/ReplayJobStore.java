package io.channelhub.deadletter;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The {@code replay_jobs} table: each bulk replay's filter, progress and outcome, visible from every instance. */
@Component
class ReplayJobStore {

    static final String RUNNING = "RUNNING";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeadLetterProperties properties;

    ReplayJobStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock, DeadLetterProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    long create(DeadLetterFilter filter, int total, String createdBy) {
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO replay_jobs (filter, status, total, replayed, skipped, "
                    + "failed, cancel_requested, created_by, created_at, updated_at) VALUES (?, ?, ?, 0, 0, 0, FALSE, ?, ?, ?)",
                    new String[] {"id"});
            insert.setString(1, text(filter));
            insert.setString(2, RUNNING);
            insert.setInt(3, total);
            insert.setString(4, createdBy);
            insert.setObject(5, timestamp(now));
            insert.setObject(6, timestamp(now));
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    void progress(long id, int replayed, int skipped, int failed) {
        jdbc.update("UPDATE replay_jobs SET replayed = ?, skipped = ?, failed = ?, updated_at = ? WHERE id = ?",
                replayed, skipped, failed, timestamp(clock.instant()), id);
    }

    void finish(long id, String status, String error) {
        Instant now = clock.instant();
        jdbc.update("UPDATE replay_jobs SET status = ?, error_message = ?, updated_at = ?, finished_at = ? WHERE id = ?",
                status, error, timestamp(now), timestamp(now), id);
    }

    /** Asks a running job to stop after the letter it is on; false when it is not running. */
    boolean requestCancel(long id) {
        return jdbc.update("UPDATE replay_jobs SET cancel_requested = TRUE WHERE id = ? AND status = ?", id, RUNNING) == 1;
    }

    boolean cancelRequested(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT cancel_requested FROM replay_jobs WHERE id = ?",
                Boolean.class, id));
    }

    Optional<ReplayJob> find(long id) {
        return jdbc.query("SELECT * FROM replay_jobs WHERE id = ?", (rs, i) -> row(rs), id).stream().findFirst();
    }

    List<ReplayJob> recent(int limit) {
        return jdbc.query("SELECT * FROM replay_jobs ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> row(rs));
    }

    private ReplayJob row(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        Instant updated = instant(rs, "updated_at");
        if (RUNNING.equals(status) && updated.plus(properties.jobStaleAfter()).isBefore(clock.instant())) {
            // its instance stopped mid-job: what it sent stays sent, the rest is still NEW and a new job takes it
            status = "INTERRUPTED";
        }
        return new ReplayJob(rs.getLong("id"), filter(rs.getString("filter")), status, rs.getInt("total"),
                rs.getInt("replayed"), rs.getInt("skipped"), rs.getInt("failed"), rs.getBoolean("cancel_requested"),
                rs.getString("created_by"), instant(rs, "created_at"), updated, instant(rs, "finished_at"),
                rs.getString("error_message"));
    }

    private String text(DeadLetterFilter filter) {
        try {
            return json.writeValueAsString(filter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a filter of strings and instants always serialises", e);
        }
    }

    private DeadLetterFilter filter(String text) {
        try {
            return json.readValue(text, DeadLetterFilter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replay_jobs holds a filter that is not JSON", e);
        }
    }
}
