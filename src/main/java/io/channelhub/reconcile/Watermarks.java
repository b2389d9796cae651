package io.channelhub.reconcile;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Per connector, the time up to which every order change is known to be in the inbound topic. */
@Component
public class Watermarks {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Watermarks(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Instant> find(String connectorId) {
        List<Instant> found = jdbc.query("SELECT watermark FROM reconcile_watermarks WHERE connector_id = ?",
                (rs, i) -> instant(rs, 1), connectorId);
        return found.stream().findFirst();
    }

    /**
     * Moves the watermark to {@code to}, never back: a slow run that finishes after a later one (another instance, or
     * a manual run) must not undo the later one's progress.
     */
    public void advance(String connectorId, Instant to) {
        OffsetDateTime value = timestamp(to);
        OffsetDateTime now = timestamp(clock.instant());
        int moved = jdbc.update("UPDATE reconcile_watermarks SET watermark = ?, updated_at = ? "
                + "WHERE connector_id = ? AND watermark < ?", value, now, connectorId, value);
        if (moved == 0 && find(connectorId).isEmpty()) {
            try {
                jdbc.update("INSERT INTO reconcile_watermarks (connector_id, watermark, updated_at) VALUES (?, ?, ?)",
                        connectorId, value, now);
            } catch (DuplicateKeyException raced) {
                // another instance created it a moment ago: move it forward like any other
                advance(connectorId, to);
            }
        }
    }
}
