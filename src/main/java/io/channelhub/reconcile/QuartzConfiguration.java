package io.channelhub.reconcile;

import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.storage.DatabaseEngine;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Quartz scheduler reconciliation runs on: Spring Boot's scheduler on the hub's own DataSource, as a clustered
 * JDBC job store (settings under {@code spring.quartz} in config/application.yaml), handed to camel-quartz, which
 * starts it once the routes are up. Instances sharing a database share triggers, so each fire runs on one instance.
 */
@Configuration(proxyBeanMethods = false)
public class QuartzConfiguration {

    /** The retention route's trigger, one for the whole hub. */
    private static final int RETENTION_JOBS = 1;

    /**
     * The job store's SQL dialect follows the database (PostgreSQL keeps job data as bytea, which Quartz's standard
     * delegate cannot read), so one configuration serves H2 and PostgreSQL. And a run holds its Quartz thread for
     * its whole length (minutes, where a marketplace paces us), so there is a thread for every scheduled job (order
     * reconciliation, stock reconciliation, and the one retention job of routes/shared/retention.camel.yaml) plus one:
     * with fewer, connectors firing at the same minute would wait past the misfire threshold and their
     * run would be skipped without a trace. Replaces the properties Spring Boot set, hence they are copied in first.
     */
    @Bean
    SchedulerFactoryBeanCustomizer quartzForDatabaseAndConnectors(DataSource dataSource, QuartzProperties quartz,
            ConnectorRegistry connectors) {
        return factory -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            boolean postgres = DatabaseEngine.of(dataSource) == DatabaseEngine.POSTGRESQL;
            properties.putIfAbsent("org.quartz.jobStore.driverDelegateClass", postgres
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            long jobs = connectors.all().stream().mapToLong(c -> (c.marketplace().pollsOrders() ? 1 : 0)
                    + (c.marketplace().pushesStock() ? 1 : 0)).sum() + RETENTION_JOBS;
            int configured = Integer.parseInt(properties.getProperty("org.quartz.threadPool.threadCount", "1"));
            properties.setProperty("org.quartz.threadPool.threadCount", Long.toString(Math.max(configured, jobs + 1)));
            factory.setQuartzProperties(properties);
        };
    }

    @Bean("quartz")
    QuartzComponent quartzComponent(Scheduler scheduler) {
        QuartzComponent component = new QuartzComponent();
        component.setScheduler(scheduler);
        return component;
    }
}
