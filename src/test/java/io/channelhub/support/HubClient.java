package io.channelhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** Talks to a running hub the way a marketplace and an operator would: over HTTP. */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int ingestPort;
    private final int opsPort;
    private final String opsToken;
    private final String secret;

    public HubClient(int ingestPort, int opsPort, String opsToken, String secret) {
        this.ingestPort = ingestPort;
        this.opsPort = opsPort;
        this.opsToken = opsToken;
        this.secret = secret;
    }

    /** Sends a correctly signed Shopify webhook to the connector and returns the hub's answer. */
    public HttpResponse<String> send(String connectorId, ShopifyWebhook webhook) {
        return post(connectorId, webhook.body(), webhook.headers(secret));
    }

    public HttpResponse<String> post(String connectorId, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/" + connectorId))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return call(request.build());
    }

    public HttpResponse<String> post(String connectorId, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/" + connectorId))
                .timeout(Duration.ofSeconds(5))
                .POST(body);
        headers.forEach(request::header);
        return call(request.build());
    }

    /** GET on the webhook server, as a marketplace's endpoint check would. */
    public HttpResponse<String> get(String pathAndQuery) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + pathAndQuery)).GET().build());
    }

    /** The same hub, with another ops credential (e.g. {@link TestHubSettings#VIEWER_TOKEN}). */
    public HubClient withOpsToken(String token) {
        return new HubClient(ingestPort, opsPort, token, secret);
    }

    /** GET on the ops API with the bearer token; returns the status and the parsed JSON body. */
    public OpsAnswer ops(String pathAndQuery) {
        return opsCall(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + pathAndQuery)).GET());
    }

    /** POST without a body on the ops API with the bearer token. */
    public OpsAnswer opsPost(String pathAndQuery) {
        return opsCall(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** POST with a JSON body on the ops API with the bearer token. */
    public OpsAnswer opsPost(String path, String json) {
        return opsCall(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PUT with a body on the ops API with the bearer token. */
    public OpsAnswer opsPut(String path, String contentType, String body) {
        return opsCall(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private OpsAnswer opsCall(HttpRequest.Builder request) {
        HttpResponse<String> response = call(request.header("Authorization", "Bearer " + opsToken).build());
        try {
            return new OpsAnswer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("ops answered non-JSON: " + response.body(), e);
        }
    }

    public HttpResponse<String> opsWithoutToken(String path) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path)).GET().build());
    }

    /** GET on the management port with the bearer token, as it came (status, headers, body of any type). */
    public HttpResponse<String> opsResponse(String path) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                .header("Authorization", "Bearer " + opsToken).GET().build());
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of a Prometheus metric's samples whose labels include every {@code label="value"} given, as a
     * monitoring system scraping /actuator/prometheus with its bearer token would read it; 0 when there is none.
     */
    public double metric(String name, String... labels) {
        HttpResponse<String> scrape = opsResponse("/actuator/prometheus");
        if (scrape.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + scrape.statusCode() + ": " + scrape.body());
        }
        return scrape.body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** An ops API answer. */
    public record OpsAnswer(int status, JsonNode body) {
    }
}
