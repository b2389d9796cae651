package io.channelhub.ops;

import static io.channelhub.storage.SqlTimes.instant;
import static io.channelhub.storage.SqlTimes.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        return jdbc.query("SELECT * FROM audit_log" + where + " ORDER BY id DESC OFFSET " + ((long) page * size)
                + " ROWS FETCH NEXT " + size + " ROWS ONLY", (rs, i) -> row(rs), args.toArray());
    }

    public long count(AuditQuery query) {
        List<Object> args = new ArrayList<>();
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log" + where(query, args), Long.class, args.toArray());
    }

    private static String where(AuditQuery query, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.action() != null) {
            where.append(" AND action = ?");
            args.add(query.action());
        }
        if (query.targetType() != null) {
            where.append(" AND target_type = ?");
            args.add(query.targetType());
        }
        if (query.targetId() != null) {
            where.append(" AND target_id = ?");
            args.add(query.targetId());
        }
        if (query.from() != null) {
            where.append(" AND at >= ?");
            args.add(timestamp(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND at < ?");
            args.add(timestamp(query.to()));
        }
        return where.toString();
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
