package io.channelhub.support;

import io.channelhub.ChannelHubApplication;
import io.channelhub.ingest.IngestServerConfiguration.IngestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A hub started and stopped by the test itself, inside the test JVM, on a data directory the test chooses: for
 * tests that restart the hub or break its parts.
 */
public final class StandaloneHub implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final HubClient client;

    private StandaloneHub(ConfigurableApplicationContext context) {
        this.context = context;
        int ingestPort = context.getBean(IngestServer.class).port();
        int opsPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.client = new HubClient(ingestPort, opsPort, HubIntegrationTest.OPS_TOKEN, HubIntegrationTest.SECRET);
    }

    public static StandaloneHub start(Path dataDir, String... extraProperties) {
        return start(dataDir, Map.of(), extraProperties);
    }

    /**
     * Starts a hub that sees {@code environment} as its operating-system environment variables, bound by the
     * same rules Spring applies to real ones ({@code HUB_CONNECTORS_SHOP2_TYPE} → {@code hub.connectors.shop2.type}).
     */
    public static StandaloneHub start(Path dataDir, Map<String, Object> environment, String... extraProperties) {
        return start(dataDir, environment, Set.of(), extraProperties);
    }

    /**
     * As above, without some of the test settings, e.g. the H2 database URL when a profile is to choose the database:
     * a test setting is a command-line argument and would win over the profile.
     */
    public static StandaloneHub start(Path dataDir, Map<String, Object> environment, Set<String> withoutSettings,
            String... extraProperties) {
        // one value per key: Spring joins repeated command-line arguments into a list instead of letting the last win
        Map<String, String> settings = new LinkedHashMap<>(TestHubSettings.forDataDir(dataDir));
        settings.keySet().removeAll(withoutSettings);
        for (String property : extraProperties) {
            settings.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
        }
        // Quartz keeps its database connection per scheduler name for the whole JVM: a hub on another database under
        // the shared test hub's name would move that hub's schedules onto its own database. Hubs on one database (a
        // cluster) share a name, as they must; hubs on different databases do not.
        String database = settings.getOrDefault("spring.datasource.url", String.valueOf(environment.get("HUB_DB_URL")));
        settings.putIfAbsent("spring.quartz.scheduler-name", "channel-hub-" + Integer.toHexString(database.hashCode()));
        List<String> properties = new ArrayList<>();
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        // as command-line arguments: they win over config/application.yaml, as they would for an operator
        StandardEnvironment springEnvironment = new StandardEnvironment();
        springEnvironment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ChannelHubApplication.class)
                .environment(springEnvironment)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
        return new StandaloneHub(context);
    }

    public HubClient client() {
        return client;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
