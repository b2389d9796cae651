package io.channelhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.channelhub.kafka.EmbeddedKafkaBroker;
import io.channelhub.kafka.KafkaConnection;
import io.channelhub.support.JdbcLogin;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import io.channelhub.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub started as production starts it: {@code spring.profiles.active=postgres}, the database and the Kafka
 * cluster named only by the environment variables the profile reads. Kafka is a broker this test starts, so the hub
 * connects to it as to an external cluster (the profile never starts the embedded one); it has one node, so the
 * replication settings are overridden from the environment as docs/deployment.md describes, and the profile's own
 * values are checked as written.
 */
class PostgresProfileTest {

    @Test
    void theProductionProfileStartsOnPostgreSqlAndAnExternalKafka() throws Exception {
        Path dir = Files.createTempDirectory("channel-hub-postgres-profile-");
        JdbcLogin postgres = TestPostgres.freshSchemaOrSkip();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("external-kafka"), 0, 0)) {
            Map<String, Object> environment = Map.of("HUB_DB_URL", postgres.url(), "HUB_DB_USER", postgres.username(),
                    "HUB_DB_PASSWORD", postgres.password(), "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "HUB_KAFKA_REPLICATION_FACTOR", "1", "HUB_KAFKA_MIN_INSYNC_REPLICAS", "1");
            try (StandaloneHub hub = StandaloneHub.start(dir, environment, JdbcLogin.SPRING_KEYS,
                    "spring.profiles.active=postgres",
                    "hub.retention.enabled=true", "hub.retention.schedule=0/2 * * * * ?")) {
                profileIsLoadedAsWritten(hub.bean(ConfigurableEnvironment.class));
                JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(postgres.schema());
                assertThat(((HikariDataSource) hub.bean(DataSource.class)).getMaximumPoolSize())
                        .as("the profile's pool size").isEqualTo(30);
                assertThat(hub.bean(Flyway.class).info().pending()).as("migrations left to run").isEmpty();
                assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                        String.class)).startsWith("1", "2", "3", "4", "5", "6");
                assertThat(hub.bean(KafkaConnection.class))
                        .isEqualTo(new KafkaConnection(kafka.bootstrapServers(), false));

                long orderId = OrderIds.next();
                assertThat(hub.client().send("shopify", ShopifyWebhook.order("orders/create", "evt-" + orderId, orderId,
                        Instant.now(), "paid", "PROFILE-MUG", 1)).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM orders WHERE connector_id = 'shopify' AND external_id = ?", Integer.class,
                        Long.toString(orderId))).isEqualTo(1));

                // the clustered Quartz store on PostgreSQL fires: retention's schedule deletes an expired key
                jdbc.update("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES "
                        + "('inbound-events', 'shopify:expired', ?)", Timestamp.from(Instant.now().minus(Duration.ofDays(8))));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = 'shopify:expired'", Integer.class))
                        .isZero());
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId = ?",
                        Integer.class, "shopify:evt-" + orderId)).as("a key inside the window").isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM qrtz_scheduler_state", Integer.class))
                        .as("this instance checked in to the cluster").isEqualTo(1);
            }
        } finally {
            TestPostgres.drop(postgres);
        }
    }

    private static void profileIsLoadedAsWritten(ConfigurableEnvironment environment) {
        assertThat(environment.getActiveProfiles()).contains("postgres");
        PropertySource<?> profile = environment.getPropertySources().stream()
                .filter(source -> source.getName().contains("application-postgres.yaml")).findFirst()
                .orElseThrow(() -> new AssertionError("config/application-postgres.yaml is not among "
                        + Arrays.toString(environment.getPropertySources().stream().map(PropertySource::getName).toArray())));
        assertThat(profile.getProperty("hub.kafka.replication-factor")).hasToString("3");
        assertThat(profile.getProperty("hub.kafka.min-insync-replicas")).hasToString("2");
        assertThat(profile.getProperty("spring.quartz.properties.org.quartz.jobStore.driverDelegateClass"))
                .hasToString("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        assertThat(environment.getProperty("hub.kafka.replication-factor")).as("overridden from the environment")
                .isEqualTo("1");
    }
}
