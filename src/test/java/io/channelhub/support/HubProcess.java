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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub as a separate operating-system process, started the way the README starts it (from the repository
 * root, with command-line settings), so that a test can kill it with SIGKILL and start it again.
 */
public final class HubProcess implements AutoCloseable {

    private final Path dataDir;
    private final int ingestPort = FreePort.next();
    private final int opsPort = FreePort.next();
    private final int kafkaPort = FreePort.next();
    private final int controllerPort = FreePort.next();
    private Process process;
    private int starts;

    public HubProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts the hub and waits until it reports healthy. */
    public void start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ChannelHubApplication.class.getName(),
                "--hub.data-dir=" + dataDir,
                "--hub.ingest.port=" + ingestPort,
                "--server.port=" + opsPort,
                "--hub.kafka.embedded.port=" + kafkaPort,
                "--hub.kafka.embedded.controller-port=" + controllerPort,
                "--hub.connectors.shopify.secret=" + HubIntegrationTest.SECRET,
                "--hub.ops.token=" + HubIntegrationTest.OPS_TOKEN));
        for (String setting : database().springArguments()) {
            command.add("--" + setting);
        }
        File log = dataDir.resolve("hub-" + (++starts) + ".log").toFile();
        process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log).start();
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
        return TestDatabase.forDataDir(dataDir);
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
