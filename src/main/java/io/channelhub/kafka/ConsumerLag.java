package io.channelhub.kafka;

import io.channelhub.connector.ConfiguredConnector;
import io.channelhub.connector.ConnectorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How far the hub's consumer group is behind on each connector's inbound topic: the records stored but not yet
 * committed (end offset minus committed offset, summed over the partitions), i.e. the queue depth an operator watches.
 * Read with the Kafka admin API for every connector at once and kept for {@link #FRESH_FOR}, so a dashboard polling
 * several connectors costs the broker a few requests every couple of seconds. When the broker cannot answer within
 * {@link #TIMEOUT} the lag is unknown (empty), which is not an error of the caller's.
 */
@Component
public class ConsumerLag {

    static final Duration FRESH_FOR = Duration.ofSeconds(2);
    static final Duration TIMEOUT = HubKafkaAdmin.TIMEOUT;
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final HubKafkaAdmin admin;
    private final HubTopics topics;
    private final String group;
    private final List<String> inboundTopics;
    private final Clock clock;
    private Map<String, Long> lagByTopic = Map.of();
    private Instant readAt = Instant.MIN;

    public ConsumerLag(HubKafkaAdmin admin, HubTopics topics, HubKafkaProperties kafka,
            ConnectorRegistry connectors, MeterRegistry meters, Clock clock) {
        this.admin = admin;
        this.topics = topics;
        this.group = kafka.consumerGroup();
        this.inboundTopics = connectors.all().stream().map(connector -> topics.inbound(connector.id())).sorted().toList();
        this.clock = clock;
        // hub_kafka_consumer_lag{connector,topic}: the queue depth, read when scraped (from the short-lived cache)
        for (ConfiguredConnector connector : connectors.all()) {
            Gauge.builder("hub.kafka.consumer.lag", () -> {
                OptionalLong lag = inbound(connector.id());
                return lag.isPresent() ? lag.getAsLong() : Double.NaN;
            }).tag("connector", connector.id()).tag("topic", topics.inbound(connector.id()))
                    .description("records stored in the connector's inbound topic and not yet processed").register(meters);
        }
    }

    /** Records of the connector stored in Kafka and not yet committed by processing; empty when Kafka cannot tell. */
    public synchronized OptionalLong inbound(String connectorId) {
        if (!clock.instant().isBefore(readAt.plus(FRESH_FOR))) {
            lagByTopic = read();
            readAt = clock.instant();
        }
        Long lag = lagByTopic.get(topics.inbound(connectorId));
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
    }

    private Map<String, Long> read() {
        try {
            Admin client = admin.client();
            Map<String, TopicDescription> described = await(client.describeTopics(inboundTopics).allTopicNames());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            described.values().forEach(topic -> topic.partitions().forEach(partition -> {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }));
            var committedCall = client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
            var endsCall = client.listOffsets(latest).all();
            var startsCall = client.listOffsets(earliest).all();
            Map<TopicPartition, OffsetAndMetadata> committed = await(committedCall);
            Map<TopicPartition, ListOffsetsResultInfo> ends = await(endsCall);
            Map<TopicPartition, ListOffsetsResultInfo> starts = await(startsCall);
            Map<String, Long> lag = new HashMap<>();
            latest.keySet().forEach(tp -> {
                long start = starts.get(tp).offset();
                OffsetAndMetadata done = committed.get(tp);
                // never committed: processing starts at the earliest record; committed below it: retention removed those
                long from = done == null ? start : Math.max(start, done.offset());
                lag.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - from), Long::sum);
            });
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.debug("consumer lag unknown, Kafka at {} did not answer: {}", admin.bootstrapServers(), e.toString());
            return Map.of();
        }
    }

    private static <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
