package io.channelhub.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the ops API and the actuator as {@link OpsAccessRule} says: 429 to an address that failed authentication
 * too often, 401 without a valid bearer token, 403 (audited) when the credential's role is not enough, otherwise
 * the caller goes on the request as an {@link OpsPrincipal}. Neither a presented nor a configured token is ever
 * logged or answered.
 */
class OpsAccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OpsAccessFilter.class);
    private static final String BEARER = "bearer ";

    private final OpsCredentials credentials;
    private final FailedAuthLimiter limiter;
    private final AuditLog audit;
    private final ObjectMapper json;

    OpsAccessFilter(OpsCredentials credentials, FailedAuthLimiter limiter, AuditLog audit, ObjectMapper json) {
        this.credentials = credentials;
        this.limiter = limiter;
        this.audit = audit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = OpsAccessRule.path(request);
        if (OpsAccessRule.isPublic(path)) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Optional<Duration> refused = limiter.refusedFor(address);
        if (refused.isPresent()) {
            // whole seconds, rounded up: a client retrying on the dot must not arrive a fraction too early
            long seconds = Math.max(1, (refused.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            answer(response, 429, "too many failed authentications from this address; retry in " + seconds + " s");
            return;
        }
        if (credentials.isEmpty()) {
            unauthorized(response, "the ops API is disabled: no credential is configured (HUB_OPS_TOKEN, "
                    + "hub.ops.tokens or hub.ops.credentials-file)");
            return;
        }
        String presented = bearerToken(request);
        Optional<OpsPrincipal> caller = presented == null ? Optional.empty() : credentials.authenticate(presented);
        if (caller.isEmpty()) {
            failed(request, address, path, presented == null ? "no bearer token" : "a bearer token that matches no credential");
            unauthorized(response, presented == null ? "a bearer token is required" : "the bearer token is not valid");
            return;
        }
        OpsPrincipal principal = caller.get();
        OpsRole required = OpsAccessRule.requiredRole(request.getMethod());
        if (!principal.role().allows(required)) {
            String target = request.getMethod() + " " + path;
            // the audit log's target column holds 512 characters; a longer path is still denied and recorded
            audit.record(principal, "access.denied", "request", target.length() > 512 ? target.substring(0, 512) : target,
                    null, null, "needs " + required.label());
            answer(response, 403, request.getMethod() + " needs the " + required.label() + " role; the credential '"
                    + principal.name() + "' has " + principal.role().label());
            return;
        }
        request.setAttribute(OpsPrincipal.ATTRIBUTE, principal);
        chain.doFilter(request, response);
    }

    private void failed(HttpServletRequest request, String address, String path, String what) {
        log.warn("ops authentication failed from {}: {} on {} {}", address, what, request.getMethod(), printable(path));
        if (limiter.recordFailure(address)) {
            log.warn("ops authentication failed too often from {}: answering it 429 until its window ends", address);
        }
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        // the scheme is case-insensitive (RFC 9110); the token is what follows it
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private void unauthorized(HttpServletResponse response, String reason) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"channel-hub ops\"");
        answer(response, 401, reason);
    }

    private void answer(HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Refusal(status, error));
    }

    /** A path from the request, safe to put in one log line. */
    private static String printable(String path) {
        return path.replaceAll("\\p{Cntrl}", "?");
    }

    private record Refusal(int status, String error) {
    }
}
