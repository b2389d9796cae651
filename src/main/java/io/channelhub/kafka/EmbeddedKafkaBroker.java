package io.channelhub.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running inside the hub's JVM, with
 * its log on disk: a restart finds every record it had. The storage directory is formatted once, on first start.
 *
 * <p>Durability: with acks=all the broker acknowledges a record once it is in its log, i.e. in the operating
 * system's page cache. That survives the hub process being killed; it does not survive the machine losing power.
 * Production runs against a replicated cluster instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats {@code logDir} if it is new, then starts the broker. Port 0 picks a free port. */
    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort) {
        int clientPort = port == 0 ? freePort() : port;
        int quorumPort = controllerPort == 0 ? freePort() : controllerPort;
        String dir = logDir.toAbsolutePath().toString();
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + quorumPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + quorumPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", dir);
        properties.put("metadata.log.dir", dir);
        // one node: internal topics cannot be replicated; fewer offset partitions make a cold start faster
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "10");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // after a kill -9 the node must wait out its own old registration: keep that wait short
        properties.put("broker.session.timeout.ms", "4000");
        properties.put("broker.heartbeat.interval.ms", "500");
        // the hub creates its own topics; a typo must not silently create a new one
        properties.put("auto.create.topics.enable", "false");
        KafkaConfig config = new KafkaConfig(properties, false);
        try {
            Files.createDirectories(logDir);
            formatIfNew(logDir, dir);
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
            throw new IllegalStateException("the embedded Kafka broker could not start on ports " + clientPort + "/"
                    + quorumPort + " (in use?)", e);
        }
        String bootstrap = "127.0.0.1:" + clientPort;
        log.info("embedded Kafka broker started at {} with its log in {}", bootstrap, dir);
        return new EmbeddedKafkaBroker(server, bootstrap);
    }

    private static void formatIfNew(Path logDir, String dir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
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
        log.info("embedded Kafka broker stopped");
    }
}
