package io.channelhub.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one Kafka admin client an instance uses for what it reads about the cluster while running (consumer lag,
 * health), with short timeouts: whoever asks gets an answer or "unknown" within {@link #TIMEOUT}, never a hang.
 * Made on first use, so an instance nobody asks never connects one.
 */
@Component
public class HubKafkaAdmin implements DisposableBean {

    /** How long one admin call may take before its answer counts as unknown. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConnection connection;
    private Admin admin;

    public HubKafkaAdmin(KafkaConnection connection) {
        this.connection = connection;
    }

    public synchronized Admin client() {
        if (admin == null) {
            Properties settings = new Properties();
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "channel-hub-admin");
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(settings);
        }
        return admin;
    }

    /** Where the client connects, for log lines about an unanswered call. */
    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
