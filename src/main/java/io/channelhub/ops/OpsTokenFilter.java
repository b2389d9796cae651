package io.channelhub.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/** Requires {@code Authorization: Bearer <hub.ops.token>} on every {@code /ops} request; compared in constant time. */
public class OpsTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OpsTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    OpsTokenFilter(OpsProperties properties) {
        this.token = properties.hasToken() ? properties.token().getBytes(StandardCharsets.UTF_8) : null;
        if (token == null) {
            log.warn("HUB_OPS_TOKEN is not set: the /ops API refuses every request");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (token != null && header != null && header.startsWith(BEARER)
                && MessageDigest.isEqual(token, header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
            request.setAttribute(OpsPrincipal.ATTRIBUTE, new OpsPrincipal("ops", OpsRole.OPERATOR));
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"channel-hub ops\"");
        response.setContentType("application/json");
        String reason = token == null ? "the ops API is disabled: set HUB_OPS_TOKEN" : "a valid bearer token is required";
        response.getWriter().write("{\"status\":401,\"error\":\"" + reason + "\"}");
    }

    /** Registers the filter for /ops only: webhooks and health stay public. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<OpsTokenFilter> opsTokenFilter(OpsProperties properties) {
            FilterRegistrationBean<OpsTokenFilter> registration = new FilterRegistrationBean<>(new OpsTokenFilter(properties));
            registration.addUrlPatterns("/ops/*");
            return registration;
        }
    }
}
