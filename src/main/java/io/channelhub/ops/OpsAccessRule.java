package io.channelhub.ops;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the management port asks of a request, in one place. Guarded: {@code /ops/**} and the actuator, except
 * {@code /actuator/health} and below (probes and load balancers carry no token). A guarded GET or HEAD reads and
 * needs {@link OpsRole#VIEWER}; every other method acts and needs {@link OpsRole#OPERATOR}.
 */
final class OpsAccessRule {

    /** The paths the access filter is registered for (servlet URL patterns; each also matches the bare prefix). */
    static final String[] GUARDED_PATTERNS = {"/ops/*", "/actuator/*"};

    private OpsAccessRule() {
    }

    /**
     * The path as the servlet container resolved it: decoded, with {@code ..} segments and {@code ;parameters}
     * removed. The raw request URI would let {@code /actuator/health/../prometheus} pass as public.
     */
    static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    static boolean isPublic(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    static OpsRole requiredRole(String method) {
        return isReadOnly(method) ? OpsRole.VIEWER : OpsRole.OPERATOR;
    }

    /** GET and HEAD read; every other method may change something. */
    static boolean isReadOnly(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
