package io.channelhub.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka node (KRaft, broker and controller in one) running inside the JVM, with its log on disk: a
 * restart finds every record it had. The storage directory is formatted once, on first start. The hub's default run
 * starts one node that is its own quorum; tests start several as one cluster.
 *
 * <p>Durability: with acks=all the broker acknowledges a record once it is in its log, i.e. in the operating
 * system's page cache. That survives the hub process being killed; it does not survive the machine losing power.
 * Production runs against a replicated cluster instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int SINGLE_NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** One node cannot replicate the internal topics. */
    private static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1");

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Where one node listens and keeps its log. Every node of a cluster knows every other's controller port (the
     * static quorum), so a node restarted later must come back on the same ports.
     */
    public record Node(int id, Path logDir, int clientPort, int controllerPort) {

        /** A node on two ports that are free right now. */
        public static Node onFreePorts(int id, Path logDir) {
            return new Node(id, logDir, freePort(), freePort());
        }

        String voter() {
            return id + "@127.0.0.1:" + controllerPort;
        }

        public String bootstrapServer() {
            return "127.0.0.1:" + clientPort;
        }
    }

    /** The default run's single node: formats {@code logDir} if it is new, then starts. Port 0 picks a free port. */
    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort) {
        Node node = new Node(SINGLE_NODE_ID, logDir, port == 0 ? freePort() : port,
                controllerPort == 0 ? freePort() : controllerPort);
        return start(node, List.of(node), Uuid.randomUuid().toString(), SINGLE_NODE);
    }

    /**
     * Starts {@code node} as one of {@code quorum} (itself included): formats its log directory for {@code clusterId}
     * if it is new (every node of a cluster must get the same id), then starts it with {@code settings} on top of the
     * defaults here. Returns once the node has joined the quorum and caught up with its metadata, so the nodes of a new
     * cluster have to be started concurrently.
     */
    public static EmbeddedKafkaBroker start(Node node, List<Node> quorum, String clusterId, Map<String, String> settings) {
        String dir = node.logDir().toAbsolutePath().toString();
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(node.id()));
        properties.put("controller.quorum.voters", quorum.stream().map(Node::voter).collect(Collectors.joining(",")));
        properties.put("listeners", "PLAINTEXT://" + node.bootstrapServer() + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + node.controllerPort());
        properties.put("advertised.listeners", "PLAINTEXT://" + node.bootstrapServer());
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", dir);
        properties.put("metadata.log.dir", dir);
        // fewer offset partitions make a cold start faster
        properties.put("offsets.topic.num.partitions", "10");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // after a kill -9 the node must wait out its own old registration: keep that wait short
        properties.put("broker.session.timeout.ms", "4000");
        properties.put("broker.heartbeat.interval.ms", "500");
        // the hub creates its own topics; a typo must not silently create a new one
        properties.put("auto.create.topics.enable", "false");
        properties.putAll(settings);
        KafkaConfig config = new KafkaConfig(properties, false);
        try {
            Files.createDirectories(node.logDir());
            formatIfNew(node, clusterId, dir);
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the embedded Kafka log directory " + dir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // a half-started node keeps non-daemon threads alive and would hang the JVM
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException("the embedded Kafka broker could not start on ports " + node.clientPort() + "/"
                    + node.controllerPort() + " (in use?)", e);
        }
        log.info("embedded Kafka broker {} started at {} with its log in {}", node.id(), node.bootstrapServer(), dir);
        return new EmbeddedKafkaBroker(server, node.bootstrapServer());
    }

    private static void formatIfNew(Node node, String clusterId, String dir) throws Exception {
        if (Files.exists(node.logDir().resolve("meta.properties"))) {
            return;
        }
        // the voters are static configuration (controller.quorum.voters), so the log records no initial controllers
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(node.id())
                .setClusterId(clusterId)
                .setDirectories(List.of(dir))
                .setMetadataLogDirectory(dir)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setNoInitialControllersFlag(true)
                .run();
        log.info("formatted a new embedded Kafka log directory {}", dir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("embedded Kafka broker at {} stopped", bootstrapServers);
    }
}
