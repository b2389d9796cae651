package io.channelhub.ops;

import io.channelhub.storage.CommittedWritesFlush;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * An ops request that changes something (a pause, an edit, a replay, a discard) is answered only once what it
 * committed would survive the hub being killed: the answer is held back until {@link CommittedWritesFlush} returns.
 * An operator told "paused" must not find the connector running after a crash.
 */
class OpsChangesFlushFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OpsChangesFlushFilter.class);

    private final CommittedWritesFlush committedWrites;

    OpsChangesFlushFilter(CommittedWritesFlush committedWrites) {
        this.committedWrites = committedWrites;
    }

    /** Reads change nothing; and where commits are durable when they return, no answer needs holding back. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return OpsAccessRule.isReadOnly(request.getMethod()) || !committedWrites.needed();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        try {
            committedWrites.flush();
        } catch (SQLException e) {
            log.error("ops change {} {} committed but not written to the database files: {}", request.getMethod(),
                    request.getRequestURI(), e.toString());
            held.resetBuffer();
            held.setStatus(503);
            held.setContentType(MediaType.APPLICATION_JSON_VALUE);
            held.getWriter().write("{\"error\":\"the change could not be made durable; check it and retry\"}");
        }
        held.copyBodyToResponse();
    }
}
