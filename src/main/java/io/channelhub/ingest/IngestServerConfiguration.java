package io.channelhub.ingest;

import io.channelhub.connector.ConnectorRegistry;
import io.channelhub.connector.control.ConnectorActivity;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook server: a Vert.x HTTP server owned by the Camel context, separate from the ops/management server,
 * so that public webhook traffic and private operations never share a port or a thread pool.
 */
@Configuration(proxyBeanMethods = false)
public class IngestServerConfiguration {

    /** Registered under the name platform-http looks up, so every {@code platform-http:} endpoint uses it. */
    @Bean(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME)
    NonBlockingPlatformHttpEngine platformHttpEngine() {
        return new NonBlockingPlatformHttpEngine();
    }

    @Bean
    IngestServer ingestServer(IngestProperties properties) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(properties.host());
        configuration.setBindPort(properties.port());
        configuration.setMaxBodySize(properties.maxBodySize().toBytes());
        // webhooks are never file uploads: no upload directory, nothing written to disk while reading
        configuration.getBodyHandler().setHandleFileUploads(false);
        return new IngestServer(new VertxPlatformHttpServer(configuration));
    }

    @Bean
    CamelContextConfiguration ingestServerStarter(IngestServer server, IngestProperties properties, MeterRegistry meters,
            ConnectorRegistry connectors, ConnectorActivity activity) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    camelContext.addService(server.vertxServer());
                } catch (Exception e) {
                    throw new IllegalStateException("could not add the webhook server to the Camel context", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camelContext,
                        VertxPlatformHttpRouter.getRouterNameFromPort(properties.port()));
                new IngestMetrics(meters, connectors, activity).install(router);
                new IngestAdmission(properties, meters).install(router);
                IngestErrorAnswers.install(router);
            }
        };
    }

    /** The running webhook server, for whoever needs its actual port (tests, logs). */
    public record IngestServer(VertxPlatformHttpServer vertxServer) {

        public int port() {
            return vertxServer.getServer().actualPort();
        }
    }
}
