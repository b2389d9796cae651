package io.channelhub.support;

import io.channelhub.kafka.EmbeddedKafkaBroker;
import io.channelhub.kafka.EmbeddedKafkaBroker.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Three Kafka nodes in the test JVM forming one cluster, replicated the way production should be: each node is a
 * broker and a KRaft controller with its own log directory and ports; every topic, the internal ones included, has
 * three copies; a write is acknowledged once two of them have it ({@code min.insync.replicas=2}); a replica that fell
 * behind never becomes leader ({@code unclean.leader.election.enable=false}). Any one node can be stopped and started
 * again: the other two are still a controller majority and still the in-sync minimum.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final int SIZE = 3;
    private static final Map<String, String> REPLICATED = Map.of(
            "default.replication.factor", "3",
            "min.insync.replicas", "2",
            "offsets.topic.replication.factor", "3",
            "transaction.state.log.replication.factor", "3",
            "transaction.state.log.min.isr", "2",
            "unclean.leader.election.enable", "false");

    private final List<Node> nodes;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, EmbeddedKafkaBroker> running = new ConcurrentHashMap<>();

    private KafkaCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Formats and starts three nodes under {@code dir}, on free ports; returns when all three are up. */
    public static KafkaCluster start(Path dir) {
        KafkaCluster cluster = new KafkaCluster(IntStream.rangeClosed(1, SIZE)
                .mapToObj(id -> Node.onFreePorts(id, dir.resolve("node-" + id))).toList());
        try {
            // a node's start returns only once a controller majority answers: the first two must start together
            concurrently(cluster.nodes, cluster::startNode);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's address: clients that know all three find the cluster whichever node is down. */
    public String bootstrapServers() {
        return nodes.stream().map(Node::bootstrapServer).collect(Collectors.joining(","));
    }

    /** Shuts node {@code id} (1 to 3) down the way an operator's stop does: its leaderships move first. */
    public void stop(int id) {
        EmbeddedKafkaBroker broker = running.remove(id);
        if (broker == null) {
            throw new IllegalStateException("Kafka node " + id + " is not running");
        }
        broker.close();
    }

    /** Starts a stopped node again on its ports and log: it catches up from the others and rejoins the in-sync set. */
    public void start(int id) {
        startNode(nodes.get(id - 1));
    }

    private void startNode(Node node) {
        running.put(node.id(), EmbeddedKafkaBroker.start(node, nodes, clusterId, REPLICATED));
    }

    /** Stops every running node at once: one stopped after the others would wait for a controller majority. */
    @Override
    public void close() {
        List<EmbeddedKafkaBroker> all = new ArrayList<>(running.values());
        running.clear();
        concurrently(all, EmbeddedKafkaBroker::close);
    }

    private static <T> void concurrently(Collection<T> items, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService threads = Executors.newFixedThreadPool(items.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            items.forEach(item -> done.add(threads.submit(() -> action.accept(item))));
            for (Future<?> each : done) {
                each.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a Kafka node failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting or stopping Kafka nodes", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka nodes did not start or stop within two minutes", e);
        } finally {
            threads.shutdownNow();
        }
    }
}
