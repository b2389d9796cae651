package io.channelhub.support;

import io.channelhub.ingest.IngestServerConfiguration.IngestServer;
import io.channelhub.kafka.HubTopics;
import io.channelhub.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub in the test JVM with its real parts: the embedded Kafka broker, a database (an H2 file, or a fresh
 * PostgreSQL schema with {@code -Dhub.test.database=postgresql}: {@link TestDatabase}) and both HTTP servers on free
 * ports, all data in a fresh directory. Subclasses share one running hub (Spring caches the context), so each test
 * uses its own order ids.
 */
// metrics are exported as in production: tests read /actuator/prometheus like a monitoring system would
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    public static final String SECRET = TestHubSettings.SECRET;
    public static final String OPS_TOKEN = TestHubSettings.OPS_TOKEN;
    private static final Path DATA_DIR = newDataDir();

    @Autowired
    protected IngestServer ingestServer;
    @Autowired
    protected KafkaConnection kafka;
    @Autowired
    protected HubTopics topics;
    @Autowired
    protected JdbcTemplate jdbc;
    @LocalServerPort
    protected int opsPort;

    protected HubClient hub;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestHubSettings.forDataDir(DATA_DIR).forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeEach
    void connectClient() {
        hub = new HubClient(ingestServer.port(), opsPort, OPS_TOKEN, SECRET);
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("channel-hub-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
