package io.channelhub.kafka;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka settings ({@code hub.kafka}).
 *
 * @param bootstrapServers   an external cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); empty starts the embedded broker
 * @param embedded           the embedded broker, used only when no bootstrap servers are given
 * @param topicPrefix        prefix of every topic the hub owns; default {@code channel-hub.}
 * @param inboundPartitions  partitions of each connector's inbound topic; default 6
 * @param deadLetterPartitions partitions of the dead-letter topic; default 1
 * @param replicationFactor  replication of the hub's topics; 1 for the embedded broker, 3 in production
 * @param minInsyncReplicas  min.insync.replicas of the hub's topics; 1 embedded, 2 in production
 * @param consumerGroup      the processing consumer group; default {@code channel-hub}
 * @param sendTimeout        how long ingest waits for the broker before answering 503; default 3s (senders such
 *                           as Shopify give up after 5 s)
 */
@Validated
@ConfigurationProperties("hub.kafka")
public record HubKafkaProperties(
        @DefaultValue("") String bootstrapServers,
        @Valid @DefaultValue Embedded embedded,
        @DefaultValue("channel-hub.") String topicPrefix,
        @DefaultValue("6") @Min(1) int inboundPartitions,
        @DefaultValue("1") @Min(1) int deadLetterPartitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("1") @Min(1) int minInsyncReplicas,
        @DefaultValue("channel-hub") @NotBlank String consumerGroup,
        @DefaultValue("3s") Duration sendTimeout) {

    public boolean useEmbedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /**
     * The embedded broker.
     *
     * @param logDir         where it keeps its log; default {@code ${hub.data-dir}/kafka}
     * @param port           client port; default 19092 (0 picks a free port)
     * @param controllerPort KRaft controller port; default 19093 (0 picks a free port)
     */
    public record Embedded(@DefaultValue("data/kafka") Path logDir,
            @DefaultValue("19092") @Min(0) @Max(65535) int port,
            @DefaultValue("19093") @Min(0) @Max(65535) int controllerPort) {
    }
}
