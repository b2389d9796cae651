package io.channelhub.ops;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.storage.SqlConditions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_log} table: who did what to which target, when, with the state before and after. Written in
 * the caller's transaction when there is one, so an action and its audit entry commit together.
 */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records an action. {@code before} and {@code after} are any JSON-serialisable values (records, maps, strings)
     * or null; they must not hold secrets.
     */
    public void record(OpsPrincipal who, String action, String targetType, String targetId, Object before,
            Object after, String detail) {
        jdbc.update("INSERT INTO audit_log (at, actor, actor_role, action, target_type, target_id, before_state, "
                        + "after_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                timestamp(clock.instant()), who.name(), who.role().name().toLowerCase(), action, targetType, targetId,
                text(before), text(after), detail);
        log.info("audit actor={} action={} target={}:{}{}", who.name(), action, targetType, targetId,
                detail == null ? "" : " detail=" + detail);
    }

    /** Entries matching the filters (null means any), newest first. */
    public List<AuditEntry> page(AuditQuery query, int page, int size) {
        SqlConditions where = conditions(query);
        return jdbc.query("SELECT * FROM audit_log" + where.where() + " ORDER BY id DESC OFFSET " + ((long) page * size)
                + " ROWS FETCH NEXT " + size + " ROWS ONLY", (rs, i) -> row(rs), where.args());
    }

    public long count(AuditQuery query) {
        SqlConditions where = conditions(query);
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log" + where.where(), Long.class, where.args());
    }

    private static SqlConditions conditions(AuditQuery query) {
        return new SqlConditions().equal("actor", query.actor()).equal("action", query.action())
                .equal("target_type", query.targetType()).equal("target_id", query.targetId())
                .notBefore("at", query.from()).before("at", query.to());
    }

    private AuditEntry row(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), instant(rs, "at"), rs.getString("actor"), rs.getString("actor_role"),
                rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                tree(rs.getString("before_state")), tree(rs.getString("after_state")), rs.getString("detail"));
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit state must serialise to JSON: " + value.getClass(), e);
        }
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log holds a state that is not JSON", e);
        }
    }

    /** Filters for listing the audit log; null means any. */
    public record AuditQuery(String actor, String action, String targetType, String targetId, Instant from, Instant to) {
    }
}
