package io.channelhub.logging;

import io.channelhub.ingest.IngestHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.mdc.MDCService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's MDC service with the envelope headers that name an event: before each step of a route the connector
 * ({@value IngestHeaders#CONNECTOR}) and event id ({@value IngestHeaders#EVENT_ID}) of the exchange are put into
 * the MDC, and taken out after it, so every line the step logs carries them (and no line of another exchange does).
 * Installed before the routes are built, because the service wraps each processor as its route is created.
 */
@Configuration(proxyBeanMethods = false)
public class EventLogContext {

    /** The MDC keys: the envelope header names, the same in the ingest and the processing routes. */
    public static final String CONNECTOR_KEY = IngestHeaders.CONNECTOR;
    public static final String EVENT_KEY = IngestHeaders.EVENT_ID;

    @Bean
    CamelContextConfiguration eventLogContextInstaller() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                MDCService mdc = new MDCService();
                mdc.setCustomHeaders(CONNECTOR_KEY + "," + EVENT_KEY);
                mdc.setCamelContext(camelContext);
                mdc.init(camelContext);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing: the service lives as long as the context
            }
        };
    }
}
