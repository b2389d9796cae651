package io.channelhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scraping a hub every second with the project's alert rules
 * evaluated every second, so a test can see which alerts the hub's real metrics make pending or firing.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:<opsPort>} with {@code token}, and waits until it is ready. */
    public static PrometheusServer start(Path rules, int opsPort, String token, Path dir) throws IOException {
        String prometheus = RequiredTool.find("prometheus", "prometheus");
        int port = FreePort.next();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: channel-hub
                    metrics_path: /actuator/prometheus
                    authorization:
                      type: Bearer
                      credentials: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(rules.toAbsolutePath(), token, opsPort));
        Process process = new ProcessBuilder(prometheus, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port);
        server.awaitReady(dir.resolve("prometheus.log"));
        return server;
    }

    /** The alerts now pending or firing, each as its labels plus {@code state}. */
    public List<Map<String, String>> alerts() {
        JsonNode answer = get("/api/v1/alerts");
        List<Map<String, String>> alerts = new ArrayList<>();
        for (JsonNode alert : answer.path("data").path("alerts")) {
            Map<String, String> labels = JSON.convertValue(alert.path("labels"), Map.class);
            Map<String, String> entry = new TreeMap<>(labels);
            entry.put("state", alert.path("state").asText());
            alerts.add(entry);
        }
        return alerts;
    }

    /** Whether the alert is pending or firing for the connector. */
    public boolean active(String alertName, String connector) {
        return alerts().stream().anyMatch(alert -> alertName.equals(alert.get("alertname"))
                && connector.equals(alert.get("connector")));
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("prometheus not ready within 30 s:\n" + Files.readString(log));
    }

    private JsonNode get(String path) {
        try {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
