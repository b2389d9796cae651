package io.channelhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelhub.support.HubClient;
import io.channelhub.support.HubIntegrationTest;
import io.channelhub.support.OrderIds;
import io.channelhub.support.ShopifyWebhook;
import io.channelhub.support.StandaloneHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load shedding: with as many webhooks in flight as the hub takes at once, the next sender is told 503 + Retry-After
 * at once (and retries), instead of queueing; when those finish, webhooks are stored again. Webhooks still being
 * uploaded are in flight, as a slow sender's are.
 */
class IngestAdmissionTest {

    private static final int BYTE_LIMIT = 64 * 1024;

    private static StandaloneHub hub;

    @BeforeAll
    static void start(@TempDir Path dataDir) {
        hub = StandaloneHub.start(dataDir, "hub.ingest.max-in-flight=2", "hub.ingest.max-in-flight-bytes=" + BYTE_LIMIT + "B");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void theWebhookOverTheInFlightLimitIsAnswered503AndTheOnesInFlightAreStored() throws Exception {
        HubClient client = hub.client();
        double shedBefore = client.metric("hub_webhooks_total", "connector=\"shopify\"", "status=\"503\"");
        try (HalfSent first = HalfSent.open(port(), order("evt-slow-1")); HalfSent second = HalfSent.open(port(), order("evt-slow-2"))) {
            HttpResponse<String> shed = client.send("shopify", order("evt-shed"));
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(shed.body()).contains("overloaded");
            assertThat(shed.headers().firstValue("Connection")).hasValue("close");

            assertThat(first.finish()).startsWith("HTTP/1.1 200");
            assertThat(second.finish()).startsWith("HTTP/1.1 200");
        }
        assertThat(client.send("shopify", order("evt-shed")).statusCode()).as("the sender's retry").isEqualTo(200);
        assertThat(client.metric("hub_webhooks_total", "connector=\"shopify\"", "status=\"503\"")).isEqualTo(shedBefore + 1);
        assertThat(client.metric("hub_webhooks_in_flight")).isZero();
    }

    @Test
    void bodiesInFlightPastTheByteLimitAreAnswered503() throws Exception {
        ShopifyWebhook next = order("evt-after-large");
        // with the large body in flight, there is room for one more request but not for its body
        ShopifyWebhook large = withNote(order("evt-large"), BYTE_LIMIT - next.body().length / 2);
        try (HalfSent first = HalfSent.open(port(), large)) {
            assertThat(hub.client().send("shopify", next).statusCode()).isEqualTo(503);
            assertThat(first.finish()).startsWith("HTTP/1.1 200");
        }
        assertThat(hub.client().send("shopify", next).statusCode()).isEqualTo(200);
        assertThat(hub.client().metric("hub_webhooks_in_flight_bytes")).isZero();
    }

    private static int port() {
        return hub.bean(IngestServerConfiguration.IngestServer.class).port();
    }

    /** The same order with a note that makes its body {@code size} bytes long. */
    private static ShopifyWebhook withNote(ShopifyWebhook webhook, int size) {
        String json = new String(webhook.body(), StandardCharsets.UTF_8);
        String padded = json.replaceFirst("\\{", "{\"note\":\"" + "x".repeat(size - json.length() - 11) + "\",");
        return ShopifyWebhook.raw(webhook.topic(), webhook.eventId(), padded.getBytes(StandardCharsets.UTF_8));
    }

    private static ShopifyWebhook order(String eventId) {
        return ShopifyWebhook.order("orders/create", eventId, OrderIds.next(), Instant.now(), "paid", "A", 1);
    }

    /** A signed webhook whose sender has sent the headers and half of the body, and waits. */
    private record HalfSent(Socket socket, byte[] body) implements AutoCloseable {

        static HalfSent open(int port, ShopifyWebhook webhook) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            StringBuilder head = new StringBuilder("POST /webhooks/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (Map.Entry<String, String> header : webhook.headers(HubIntegrationTest.SECRET).entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            head.append("Content-Length: ").append(webhook.body().length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(webhook.body(), 0, webhook.body().length / 2);
            out.flush();
            // the request must have reached the server before the test goes on
            socket.setSoTimeout(300);
            try {
                int early = socket.getInputStream().read();
                throw new IllegalStateException("answered before the body was complete: " + early);
            } catch (java.net.SocketTimeoutException stillReading) {
                socket.setSoTimeout(10_000);
            }
            return new HalfSent(socket, webhook.body());
        }

        /** Sends the rest of the body; returns the status line and headers of the answer. */
        String finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                answer.write(b);
                if (answer.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
