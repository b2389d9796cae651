package io.channelhub.process;

import java.time.Clock;
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

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
