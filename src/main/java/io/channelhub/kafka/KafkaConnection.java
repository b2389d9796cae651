package io.channelhub.kafka;

/** Where the hub's Kafka is: the external cluster configured, or the embedded broker started for this run. */
public record KafkaConnection(String bootstrapServers, boolean embedded) {
}
