package io.channelhub.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.channelhub.storage.CommittedWritesFlush;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The credentials, the failed-authentication limit, the access filter and the changes' flush on the management port. */
@Configuration(proxyBeanMethods = false)
class OpsAccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpsAccessConfiguration.class);

    @Bean
    OpsCredentials opsCredentials(OpsProperties properties) {
        OpsCredentials credentials = OpsCredentials.from(properties);
        if (credentials.isEmpty()) {
            log.warn("no ops credential is configured (HUB_OPS_TOKEN, hub.ops.tokens, hub.ops.credentials-file): "
                    + "/ops and the actuator (but health) refuse every request");
        } else {
            log.info("ops credentials: {}", credentials);
        }
        return credentials;
    }

    @Bean
    FailedAuthLimiter failedAuthLimiter(OpsProperties properties, Clock clock) {
        return new FailedAuthLimiter(properties.failedAuth(), clock);
    }

    @Bean
    FilterRegistrationBean<OpsAccessFilter> opsAccessFilter(OpsCredentials credentials, FailedAuthLimiter limiter,
            AuditLog audit, ObjectMapper json) {
        FilterRegistrationBean<OpsAccessFilter> registration =
                new FilterRegistrationBean<>(new OpsAccessFilter(credentials, limiter, audit, json));
        registration.addUrlPatterns(OpsAccessRule.GUARDED_PATTERNS);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }

    /** After the access filter: a refused request changes nothing and waits for nothing. */
    @Bean
    FilterRegistrationBean<OpsChangesFlushFilter> opsChangesFlushFilter(CommittedWritesFlush committedWrites) {
        FilterRegistrationBean<OpsChangesFlushFilter> registration =
                new FilterRegistrationBean<>(new OpsChangesFlushFilter(committedWrites));
        registration.addUrlPatterns("/ops/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
