package io.channelhub.support;

import io.channelhub.ChannelHubApplication;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hub as a separate operating-system process, started the way the README starts it (from the repository
 * root, with command-line settings), so that a test can kill it with SIGKILL and start it again. By default it runs
 * its embedded Kafka broker on the test database with the Shopify connector; {@link #HubProcess(Path, Map)} sets
 * anything else (more connectors, an external Kafka, another database URL), always on this process's own ports.
 */
public final class HubProcess implements AutoCloseable {

    private final Path dataDir;
    private final JdbcLogin database;
    private final Map<String, String> settings;
    private final int ingestPort = FreePort.next();
    private final int opsPort = FreePort.next();
    private final int kafkaPort = FreePort.next();
    private final int controllerPort = FreePort.next();
    private Process process;
    private int starts;

    public HubProcess(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** A hub with {@code settings} (property name to value) on top of the defaults; the ports stay its own. */
    public HubProcess(Path dataDir, Map<String, String> settings) {
        this(dataDir, TestDatabase.forDataDir(dataDir), settings);
    }

    /**
     * A hub on {@code database} with {@code settings} on top of the defaults (they win over the database's settings
     * too, e.g. a URL through a proxy); the ports stay its own.
     */
    public HubProcess(Path dataDir, JdbcLogin database, Map<String, String> settings) {
        this.dataDir = dataDir;
        this.database = database;
        this.settings = Map.copyOf(settings);
    }

    /** Starts the hub and waits until it reports healthy. */
    public void start() throws IOException, InterruptedException {
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("hub.connectors.shopify.secret", HubIntegrationTest.SECRET);
        effective.put("hub.ops.token", HubIntegrationTest.OPS_TOKEN);
        effective.putAll(database.springProperties());
        effective.putAll(settings);
        effective.put("hub.data-dir", dataDir.toString());
        effective.put("hub.ingest.port", Integer.toString(ingestPort));
        effective.put("server.port", Integer.toString(opsPort));
        effective.put("hub.kafka.embedded.port", Integer.toString(kafkaPort));
        effective.put("hub.kafka.embedded.controller-port", Integer.toString(controllerPort));
        // one argument per setting: Spring would join a repeated --name into "first,second"
        List<String> arguments = new ArrayList<>();
        effective.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        File log = dataDir.resolve("hub-" + (++starts) + ".log").toFile();
        process = JavaProcess.start(List.of("-Xmx512m"), ChannelHubApplication.class, arguments, log);
        awaitHealthy(log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop an orchestrator does. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Never leaves a hub running behind a failed test. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    public HubClient client() {
        return new HubClient(ingestPort, opsPort, HubIntegrationTest.OPS_TOKEN, HubIntegrationTest.SECRET);
    }

    /** The hub's database, for a test to read what it left behind once it has stopped. */
    public JdbcLogin database() {
        return database;
    }

    /** The operating-system process id of the running hub (e.g. to read its resident memory). */
    public long pid() {
        return process.pid();
    }

    /** The webhook port on 127.0.0.1. */
    public int ingestPort() {
        return ingestPort;
    }

    /** The port of the hub's embedded Kafka broker on 127.0.0.1. */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** The log of the latest start. */
    public Path log() {
        return dataDir.resolve("hub-" + starts + ".log");
    }

    private void awaitHealthy(File log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + opsPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub did not become healthy in 120 s; see " + log);
    }

}
