package io.channelhub.support;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/** Asks a Kafka cluster what an operator's tooling would: how topics are replicated, who consumes what, how far behind. */
public final class KafkaAdminProbe implements AutoCloseable {

    private final Admin admin;

    public KafkaAdminProbe(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public Set<String> topics() {
        return get(admin.listTopics().names());
    }

    public TopicDescription describe(String topic) {
        return get(admin.describeTopics(Set.of(topic)).allTopicNames()).get(topic);
    }

    /** The topic's setting {@code name} as the broker applies it (its own or the broker's default). */
    public String config(String topic, String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return get(admin.describeConfigs(Set.of(resource)).all()).get(resource).get(name).value();
    }

    /** The node coordinating the group. */
    public int coordinator(String group) {
        return describeGroup(group).coordinator().id();
    }

    /** Which member of the group holds each partition of {@code topic}; empty while the group is rebalancing. */
    public Map<Integer, String> owners(String group, String topic) {
        ConsumerGroupDescription description = describeGroup(group);
        Map<Integer, String> owners = new TreeMap<>();
        if (description.state() == ConsumerGroupState.STABLE) {
            for (MemberDescription member : description.members()) {
                member.assignment().topicPartitions().stream().filter(partition -> partition.topic().equals(topic))
                        .forEach(partition -> owners.put(partition.partition(), member.consumerId()));
            }
        }
        return owners;
    }

    /** Records of {@code topic} the group has not committed yet, over all its partitions. */
    public long lag(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        describe(topic).partitions().forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()),
                OffsetSpec.latest()));
        long lag = 0;
        for (var end : get(admin.listOffsets(latest).all()).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private ConsumerGroupDescription describeGroup(String group) {
        return get(admin.describeConsumerGroups(Set.of(group)).all()).get(group);
    }

    private static <T> T get(KafkaFuture<T> answer) {
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
