package io.channelhub.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The ops dashboard: static files under {@code static/dashboard/}, served on the management port next to the
 * API they call. The page itself holds no data, so it needs no token; every number on it comes from {@code /ops}
 * with the token the person types in.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPage implements WebMvcConfigurer {

    /**
     * Scripts and styles from the page's own files only, no framing, no form posts: data shown on the page comes
     * from marketplaces (payloads, error messages), so a markup slip must not become script, and the buttons
     * replay and discard, so no other site may frame them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // relative links in the page (dashboard.js, dashboard.css) resolve only under the trailing slash
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }

    @Bean
    FilterRegistrationBean<DashboardHeaders> dashboardHeaders() {
        FilterRegistrationBean<DashboardHeaders> registration = new FilterRegistrationBean<>(new DashboardHeaders());
        registration.addUrlPatterns("/dashboard", "/dashboard/*");
        return registration;
    }

    /** The page's security headers; the ops API's JSON answers need none of them. */
    static class DashboardHeaders extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            // after an upgrade the page and the API it calls must match: no stale copy from a browser cache
            response.setHeader("Cache-Control", "no-cache");
            chain.doFilter(request, response);
        }
    }
}
