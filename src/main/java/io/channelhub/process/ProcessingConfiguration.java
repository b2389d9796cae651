package io.channelhub.process;

import java.time.Clock;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Beans the processing routes refer to by name. */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    /** Keys are connector:event-id; one processor name for all connectors keeps the key space in one place. */
    @Bean
    EventDeduplicationRepository eventDeduplicationRepository(DataSource dataSource,
            PlatformTransactionManager transactionManager) {
        return new EventDeduplicationRepository(dataSource, transactionManager, "inbound-events");
    }

    /** Redelivery of transient failures, referenced by the routeConfiguration process-errors. */
    @Bean
    RedeliveryPolicy transientFailureRedelivery(ProcessingProperties properties) {
        ProcessingProperties.Retry retry = properties.retry();
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(retry.maxRedeliveries());
        policy.setRedeliveryDelay(retry.initialDelayMs());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(retry.multiplier());
        policy.setMaximumRedeliveryDelay(retry.maxDelayMs());
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogRetryStackTrace(false);
        return policy;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
